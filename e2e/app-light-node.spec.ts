// The wallet app with the real in-browser light node (node worker, IndexedDB, viem over the
// devnet's L1): the Node screen shows it running and following L1's head, and a deposit made from
// the dev wallet is read back by the node from L1 itself, and once the devnet's relay has
// sequenced it on L1 the node credits it in its own virtual state.
import type { Page } from '@playwright/test'
import { rollupAbi } from '../contracts/generated/abis'
import { devnetRoles, expect, l1Clients, test } from './fixtures'

/** The virtual-state balance in ETH from the Pay screen's "… (virtual)" entry. */
function virtualEth(text: string | null): number {
  const match = text?.match(/([\d.]+) ETH \(virtual\)/)
  return match ? Number(match[1]) : -1
}

async function connect(page: Page): Promise<void> {
  await page.goto('/')
  await page.getByTestId('connect-dev.lantern.devwallet').click()
  await expect(page.getByTestId('wallet-address')).toHaveText(devnetRoles.devWallet.address)
}

test('the Node screen shows the light node running in this browser and following the L1 head', async ({ page, devnet }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto('/#node')
  await expect(page.getByTestId('node-state')).toHaveText('running: following L1 in this browser', { timeout: 30_000 })
  const synced = page.getByTestId('node-synced-block')
  await expect(synced).toHaveText(/^\d+$/)
  const first = BigInt((await synced.textContent())!)
  // Mine two L1 blocks: the node's own synced block moves past them.
  const { publicClient } = l1Clients(devnet)
  await publicClient.request({ method: 'anvil_mine' as never, params: ['0x2'] as never })
  const head = await publicClient.getBlockNumber()
  expect(head).toBeGreaterThan(first)
  await expect.poll(async () => BigInt((await synced.textContent()) ?? '0'), { timeout: 20_000 }).toBeGreaterThanOrEqual(head)
  await expect(page.getByText('No alarm.')).toBeVisible()
  expect(errors).toEqual([])
})

test('a dev-wallet deposit is read from L1 by the light node: the op and the account it credits are seen, and the node’s state agrees with L1’s', async ({ page, devnet }) => {
  await connect(page)
  await page.getByTestId('l2-derive').click()
  await expect(page.getByTestId('l2-pubkey')).toBeVisible()
  await page.getByTestId('nav-bridge').click()
  await page.getByTestId('deposit-amount').fill('1')
  await page.getByTestId('deposit-submit').click()
  const tracker = page.getByTestId('deposit-tracker').first()
  await expect(tracker.getByTestId('step-queued')).toHaveAttribute('data-done', 'true')
  const [, opIndex] = (await tracker.getByTestId('step-queued').textContent())!.match(/priority op #(\d+)/)!

  const seen = tracker.getByTestId('deposit-node-seen')
  await expect(seen).toContainText(`read op #${opIndex} from L1 itself`, { timeout: 30_000 })
  await expect(seen).toContainText('1 ETH to L2 account #')
  const { publicClient } = l1Clients(devnet)
  const rollup = devnet.deployment.contracts.rollup!
  await page.getByTestId('nav-pay').click()
  const balance = page.getByTestId('pay-l2-balance')
  await expect(balance).toContainText('(trusted)')
  // The relay includes the op in a trusted batch and posts it: wait for L1 to hold it as sequenced.
  await expect
    .poll(async () => (await publicClient.readContract({ address: rollup, abi: rollupAbi, functionName: 'sequencedPriorityOpsEnd' })) > BigInt(opIndex!), { timeout: 30_000 })
    .toBe(true)
  // A batch on L1 consumed the op: the node re-executed it here and credits the account in its virtual state.
  await expect.poll(async () => virtualEth(await balance.textContent()), { timeout: 30_000 }).toBeGreaterThanOrEqual(1)
  await page.getByTestId('nav-batches').click()
  await expect(page.locator('td', { hasText: /^virtual$|^consolidated$/ }).first()).toBeVisible({ timeout: 30_000 })

  // History lists the deposit from this browser's own record.
  await page.getByTestId('nav-history').click()
  await expect(page.getByTestId('history-row').filter({ hasText: 'deposit' })).toHaveCount(1)
  await page.getByTestId('nav-batches').click()
  await expect(page.getByTestId('nav-batches')).toHaveAttribute('aria-current', 'page')
})

test('when the node worker cannot load, the app still renders and the Node screen says why in plain words', async ({ page }) => {
  await page.route(/worker-node\.worker-[^/]*\.js$/, (route) => route.abort())
  await page.goto('/#node')
  await expect(page.getByTestId('node-state')).toContainText('The light node could not start in this browser.', { timeout: 30_000 })
  await expect(page.getByTestId('node-state')).toContainText('The node worker failed to load')
  // The shell and L1 reads that do not need the node keep working.
  await expect(page.getByTestId('node-l1-head')).toHaveText(/^\d+$/)
  await page.getByTestId('nav-account').click()
  await expect(page.getByTestId('connect-dev.lantern.devwallet')).toBeVisible()
})
