// Steps of the wallet journey shared by e2e/app-journey.spec.ts and the journey bench row: the
// real built app, the real devnet (anvil, relay with its prover), the dev wallet, Chromium. Plain
// locator waits (no test-runner `expect`), so the bench can run them outside Playwright's runner.
import type { Page } from '@playwright/test'
import { devnetRoles } from '../scripts/devnet/accounts'

/** Opens the app at `url`, connects the dev wallet and derives the L2 key on the Account tab. */
export async function connectAndDerive(page: Page, url = '/'): Promise<void> {
  await page.goto(url)
  await page.getByTestId('connect-dev.lantern.devwallet').click()
  await page.getByTestId('wallet-address').filter({ hasText: devnetRoles.devWallet.address }).waitFor()
  await page.getByTestId('l2-derive').click()
  await page.getByTestId('l2-pubkey').waitFor()
}

/**
 * After a reload the app reconnects the dev wallet by itself, showing its connect button until it
 * has: click the button only while it is there. (Checking that it is visible and then clicking
 * races the reconnect: the button can vanish in between, and the click would wait for it forever.)
 */
export async function connectUnlessReconnected(page: Page): Promise<void> {
  const connect = page.getByTestId('connect-dev.lantern.devwallet')
  if (!(await connect.isVisible())) return
  await connect.click({ timeout: 5_000 }).catch(async (err: unknown) => {
    // Gone because the reconnect won: nothing to do. Still there: a real failure.
    if (await connect.isVisible()) throw err
  })
}

/** Deposits `eth` from the Bridge tab; resolves with the milliseconds from the click to "Verified by this browser". */
export async function depositUntilVerified(page: Page, eth: string, timeoutMs: number): Promise<number> {
  return depositUntilStep(page, eth, 'verified', timeoutMs)
}

/** Deposits `eth` from the Bridge tab; resolves with the milliseconds from the click until the tracker's `step` is done. */
export async function depositUntilStep(page: Page, eth: string, step: 'virtual' | 'verified', timeoutMs: number): Promise<number> {
  await page.getByTestId('nav-bridge').click()
  await page.getByTestId('deposit-amount').fill(eth)
  const before = await page.getByTestId('deposit-tracker').count()
  const clicked = Date.now()
  await page.getByTestId('deposit-submit').click()
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="deposit-tracker"]').length > n, before)
  await page.getByTestId('deposit-tracker').first().locator(`[data-testid="step-${step}"][data-done="true"]`).waitFor({ timeout: timeoutMs })
  return Date.now() - clicked
}

/** Seconds from the newest deposit's send to each L1 step its tracker recorded (localStorage `lantern.deposits`), to see where the time goes. */
export async function lastDepositTimeline(page: Page): Promise<Record<'mined' | 'queued' | 'virtual' | 'proven', number | null>> {
  // Read in the page, computed here: a helper function inside evaluate() would not survive tsx's transform.
  const raw = await page.evaluate(() => localStorage.getItem('lantern.deposits'))
  const [d] = JSON.parse(raw ?? '[]') as Partial<Record<'sentAt' | 'minedAt' | 'queuedAt' | 'virtualAt' | 'provenAt', number>>[]
  const since = (at: number | undefined) => (d?.sentAt !== undefined && at !== undefined ? Number(((at - d.sentAt) / 1000).toFixed(1)) : null)
  return { mined: since(d?.minedAt), queued: since(d?.queuedAt), virtual: since(d?.virtualAt), proven: since(d?.provenAt) }
}
