// The whole wallet journey in real Chromium against the real devnet — anvil, the relay sequencing,
// posting and proving batches itself, the light node in the page, the dev wallet — with nothing
// mocked: deposit 1 ETH → verified by this browser → pay another L2 account → withdraw → claim on
// L1, where the L1 balance rises by exactly the withdrawn amount less the claim's own gas. Then:
// a declined wallet signature and an insufficient balance on Pay say so and change nothing, and a
// transfer signed offline after an offline reload waits in the outbox and is sent once online.
// The tests share the devnet and run in order (the later ones spend what the journey deposited).
import type { Page } from '@playwright/test'
import { parseEther, type Address } from 'viem'
import { devnetRoles, expect, l1Clients, test } from './fixtures'
import { connectAndDerive, connectUnlessReconnected, depositUntilStep, depositUntilVerified } from './journey'

test.describe.configure({ mode: 'serial' })

/**
 * Proving a 4-slot batch takes ≈ 12 s on an idle core, minutes on a loaded one; the relay proves
 * and verifies the journey's batches in turn. The waits are generous so a slow machine fails on
 * a wrong result, not on time (speed is the bench row journey-deposit-to-verified).
 */
const PROVEN = 1_800_000
/** The other L2 account: the relay's fee account, registered on L1 by the sequencer's address before any deposit. */
const recipient = devnetRoles.sequencer.address

type Stored = { hash: string; kind: string; state: string; nonce: number; feeGwei: string; consolidatedAt?: number; claim?: { l1TxHash: `0x${string}`; state: string } }

async function l2Records(page: Page): Promise<Stored[]> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('lantern.l2txs') ?? '[]') as Stored[])
}

async function relayAccount(relayUrl: string, address: Address): Promise<{ balanceGwei: string; nonce: string } | null> {
  const res = await fetch(relayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'lantern_getAccount', params: [address] }) })
  return ((await res.json()) as { result: { balanceGwei: string; nonce: string } | null }).result
}

test('the journey: deposit 1 ETH → verified by this browser → pay another account → withdraw → claim on L1 pays exactly the withdrawn amount', async ({ page, devnet }, testInfo) => {
  test.setTimeout(2_700_000)
  const { publicClient } = l1Clients(devnet)
  await connectAndDerive(page)
  const ms = await depositUntilVerified(page, '1', PROVEN)
  testInfo.annotations.push({ type: 'deposit → verified by this browser', description: `${(ms / 1000).toFixed(1)} s` })
  console.log(`deposit click → verified by this browser: ${(ms / 1000).toFixed(1)} s`)
  const recipientBefore = BigInt((await relayAccount(devnet.urls.relay, recipient))!.balanceGwei)
  await page.screenshot({ path: testInfo.outputPath('journey-bridge-1280.png'), fullPage: true })

  // Pay 0.1 ETH to the other account by its L1 address.
  await page.getByTestId('nav-pay').click()
  await expect(page.getByTestId('transfer-spendable')).toContainText("1 ETH (the relay's trusted state")
  await expect(page.getByTestId('transfer-fee')).toContainText("the relay's quote")
  await page.getByTestId('pay-to').fill(recipient)
  await page.getByTestId('pay-amount').fill('0.1')
  await page.getByTestId('transfer-submit').click()
  await expect(page.getByTestId('transfer-result')).toContainText('Sent: the relay accepted it (nonce 0')
  const payment = page.getByTestId('l2tx-row').first()
  await expect(payment).toHaveAttribute('data-state', /trusted|virtual|consolidated/, { timeout: 60_000 })

  // Withdraw 0.2 ETH (nonce 1: the payment is still pending in the trusted state or beyond).
  await page.getByTestId('nav-withdraw').click()
  await page.getByTestId('withdraw-amount').fill('0.2')
  await expect(page.getByTestId('withdrawal-nonce')).toHaveText('1')
  await page.getByTestId('withdrawal-submit').click()
  await expect(page.getByTestId('withdrawal-result')).toContainText('Sent: the relay accepted it (nonce 1')
  const withdrawal = page.getByTestId('l2tx-row').first()
  await expect(withdrawal).toHaveAttribute('data-state', 'consolidated', { timeout: PROVEN })
  const claim = page.getByTestId('claim-submit')
  await expect(claim).toHaveText('Claim on L1', { timeout: 30_000 })
  await expect(claim).toBeEnabled()
  await page.screenshot({ path: testInfo.outputPath('journey-withdraw-1280.png'), fullPage: true })

  const before = await publicClient.getBalance({ address: devnetRoles.devWallet.address })
  await claim.click()
  await expect(page.getByTestId('claim-message')).toContainText('Claimed: 0.2 ETH paid to', { timeout: 60_000 })
  const claimTx = (await l2Records(page)).find((r) => r.kind === 'withdrawal')!.claim!.l1TxHash
  const receipt = await publicClient.getTransactionReceipt({ hash: claimTx })
  const after = await publicClient.getBalance({ address: devnetRoles.devWallet.address })
  // The dev wallet pays the claim's gas itself: the rise is the withdrawn amount less exactly that.
  expect(after - before).toBe(parseEther('0.2') - receipt.gasUsed * receipt.effectiveGasPrice)
  await expect(page.getByTestId('claim-done')).toContainText('already claimed on L1')
  await expect(claim).toBeDisabled()

  // The payment reached consolidated too, and History lists all four with their state.
  await page.getByTestId('nav-pay').click()
  await expect(page.getByTestId('l2tx-row').first()).toHaveAttribute('data-state', 'consolidated', { timeout: PROVEN })
  await page.getByTestId('nav-history').click()
  const rows = page.getByTestId('history-row')
  await expect(rows.filter({ hasText: 'deposit' }).getByTestId('history-state')).toHaveText('proven on L1')
  await expect(rows.filter({ hasText: 'payment' }).getByTestId('history-state')).toHaveText('consolidated (verified here)')
  await expect(rows.filter({ hasText: 'withdrawal' }).getByTestId('history-state')).toHaveText('consolidated (verified here)')
  await expect(rows.filter({ hasText: 'claim' }).getByTestId('history-state')).toHaveText('claimed on L1')
  await page.screenshot({ path: testInfo.outputPath('journey-history-1280.png'), fullPage: true })
  // The recipient (also the fee account) got the payment plus the fees of both transactions, in the relay's state.
  const fees = (await l2Records(page)).reduce((sum, r) => sum + BigInt(r.feeGwei), 0n)
  expect(BigInt((await relayAccount(devnet.urls.relay, recipient))!.balanceGwei)).toBe(recipientBefore + parseEther('0.1') / 10n ** 9n + fees)
})

test('on Pay, a declined wallet signature and an insufficient balance say so in plain words and change nothing', async ({ page, devnet }) => {
  test.setTimeout(600_000)
  // An L2 balance to spend: a deposit whose batch is on L1 (no proof needed for the trusted balance).
  await connectAndDerive(page)
  await depositUntilStep(page, '0.5', 'virtual', 300_000)
  await expect.poll(() => relayAccount(devnet.urls.relay, devnetRoles.devWallet.address), { timeout: 60_000 }).not.toBeNull()
  const accountBefore = await relayAccount(devnet.urls.relay, devnetRoles.devWallet.address)
  // A fresh page: the key is not derived there yet.
  await page.evaluate(() => sessionStorage.clear())
  await page.goto('/')
  await connectUnlessReconnected(page)
  await page.getByTestId('nav-pay').click()
  await page.evaluate(() => (window as unknown as { __lanternDevWallet: { rejectNext(m: string): void } }).__lanternDevWallet.rejectNext('personal_sign'))
  await page.getByTestId('transfer-derive').click()
  await expect(page.getByTestId('transfer-derive-error')).toHaveText('You declined the signature in your wallet. Nothing changed: no L2 key was derived, nothing was sent.')
  await expect(page.getByTestId('transfer-submit')).toBeDisabled()

  await page.getByTestId('transfer-derive').click()
  await expect(page.getByTestId('transfer-derive')).toHaveCount(0)
  await page.getByTestId('pay-to').fill(recipient)
  await page.getByTestId('pay-amount').fill('50')
  await page.getByTestId('transfer-submit').click()
  await expect(page.getByTestId('transfer-result')).toContainText(/^Your L2 balance is [\d.]+ ETH, but this needs 50\.[\d]+ ETH \(amount \+ fee\)\. Lower the amount\. Nothing was signed or sent\.$/)
  await expect(page.getByTestId('l2tx-row')).toHaveCount(0)
  expect(await l2Records(page)).toEqual([])
  expect(await relayAccount(devnet.urls.relay, devnetRoles.devWallet.address)).toEqual(accountBefore)
})

test('offline: the installed app reloads from cache with the L2 key of its tab, a payment signed then waits in the outbox, and is sent once online', async ({ page, context, devnet }) => {
  test.setTimeout(600_000)
  await connectAndDerive(page)
  // An L2 balance in this browser's virtual state: a deposit whose batch is on L1 and re-executed here.
  await depositUntilStep(page, '0.5', 'virtual', 300_000)
  await page.getByTestId('nav-pay').click()
  // The node in this fresh browser has re-executed the chain: the virtual balance is known, and a fee quote was seen.
  await expect(page.getByTestId('pay-l2-balance')).toContainText(/[1-9][\d.]* ETH \(virtual\)/, { timeout: 300_000 })
  await expect(page.getByTestId('transfer-fee')).toContainText("the relay's quote")
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload()
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)

  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('online-state')).toContainText('offline')
  await connectUnlessReconnected(page)
  await page.getByTestId('nav-pay').click()
  // The key came back from this tab's encrypted copy: no wallet prompt, which could not work offline.
  await expect(page.getByTestId('transfer-derive')).toHaveCount(0)
  await expect(page.getByTestId('transfer-spendable')).toContainText("this browser's virtual state", { timeout: 30_000 })
  await expect(page.getByTestId('transfer-fee')).toContainText('the last quote seen here')
  await page.getByTestId('pay-to').fill(recipient)
  await page.getByTestId('pay-amount').fill('0.05')
  await page.getByTestId('transfer-submit').click()
  await expect(page.getByTestId('transfer-result')).toContainText('You are offline: the payment is signed and kept in the outbox')
  const row = page.getByTestId('l2tx-row').first()
  await expect(row).toHaveAttribute('data-state', 'queued-offline')
  await expect(row.getByTestId('l2tx-state')).toContainText('waiting in the outbox')
  const hash = (await l2Records(page))[0]!.hash

  await context.setOffline(false)
  await expect(row).toHaveAttribute('data-state', /pending|trusted|virtual|consolidated/, { timeout: 30_000 })
  await expect(row).toHaveAttribute('data-state', /trusted|virtual|consolidated/, { timeout: 60_000 })
  const receipt = await fetch(devnet.urls.relay, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getTransactionReceipt', params: [hash] }) })
  expect(((await receipt.json()) as { result: { status: string } | null }).result?.status).toBe('0x1')
})
