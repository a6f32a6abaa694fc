// The escape path on the real contracts, in real Chromium: a deposit is consolidated and verified
// by this browser, then the relay goes away (sequencer, prover and RPC stopped), a second deposit
// waits in L1's queue past its deadline (PROTOCOL §5.4), anyone freezes the rollup with
// activateEscapeHatch(), and the Withdraw tab's escape panel pays the account's whole balance in
// the last verified state to the wallet on L1 — with a Merkle proof built from this browser's own
// tree, checked against Rollup.lastVerifiedStateRoot() and simulated before the wallet signs. The
// deposit no verified batch consumed is then refunded in full from its tracker.
//
// Freezing is for good, so this spec runs on a devnet of its own (its own ports and state
// directory, in a worker of its own: e2e/ownDevnet.ts), never on the one the other specs share.
import type { Page } from '@playwright/test'
import { parseEther } from 'viem'
import { bridgeAbi, rollupAbi } from '../contracts/generated/abis'
import { devnetRoles, expect, l1Clients } from './fixtures'
import { connectAndDerive, depositUntilVerified } from './journey'
import { testWithOwnDevnet } from './ownDevnet'

/** See app-journey.spec.ts: a slow machine fails on a wrong result, not on time. */
const PROVEN = 1_800_000

const test = testWithOwnDevnet('escape', 5)

async function depositQueued(page: Page, eth: string): Promise<{ deadline: bigint }> {
  await page.getByTestId('nav-bridge').click()
  await page.getByTestId('deposit-amount').fill(eth)
  const before = await page.getByTestId('deposit-tracker').count()
  await page.getByTestId('deposit-submit').click()
  await expect(page.getByTestId('deposit-tracker')).toHaveCount(before + 1)
  const queued = page.getByTestId('deposit-tracker').first().getByTestId('step-queued')
  await expect(queued).toHaveAttribute('data-done', 'true')
  const [, deadline] = (await queued.textContent())!.match(/deadline L1 block (\d+)/)!
  return { deadline: BigInt(deadline!) }
}

test('frozen rollup: the escape hatch pays the balance verified in this browser to the wallet on L1, and the unconsumed deposit is refunded', async ({ page, devnet }) => {
  test.setTimeout(2_400_000)
  const { publicClient, walletClient } = l1Clients(devnet)
  const rollup = devnet.deployment.contracts.rollup!
  const bridge = devnet.deployment.contracts.bridge!
  const wallet = devnetRoles.devWallet.address

  await connectAndDerive(page)
  await depositUntilVerified(page, '1', PROVEN)

  // The relay goes away; a deposit queued now is consumed by no verified batch.
  await devnet.stopRelay()
  const { deadline } = await depositQueued(page, '0.3')
  await page.getByTestId('nav-withdraw').click()
  await expect(page.getByTestId('frozen-banner')).toHaveCount(0)

  // Nobody may freeze before the deadline; once it has passed, anyone may.
  await expect(
    publicClient.simulateContract({ address: rollup, abi: rollupAbi, functionName: 'activateEscapeHatch', account: walletClient.account }),
  ).rejects.toThrow(/Rollup__PriorityOpNotOverdue/)
  const head = await publicClient.getBlockNumber()
  await publicClient.request({ method: 'anvil_mine' as never, params: [`0x${(deadline - head + 1n).toString(16)}`] as never })
  const freeze = await walletClient.writeContract({ address: rollup, abi: rollupAbi, functionName: 'activateEscapeHatch' })
  expect((await publicClient.waitForTransactionReceipt({ hash: freeze })).status).toBe('success')
  expect(await publicClient.readContract({ address: rollup, abi: rollupAbi, functionName: 'frozen' })).toBe(true)

  // The Withdraw tab says the rollup is frozen and offers the escape hatch for the whole verified balance.
  const banner = page.getByTestId('frozen-banner')
  await expect(banner).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('withdrawal-submit')).toHaveCount(0)
  await expect(banner.getByTestId('escape-balance')).toHaveText('1 ETH', { timeout: 60_000 })
  const escape = banner.getByTestId('escape-submit')
  await expect(escape).toBeEnabled()
  await page.screenshot({ path: test.info().outputPath('escape-frozen-1280.png'), fullPage: true })

  const before = await publicClient.getBalance({ address: wallet })
  await escape.click()
  await expect(banner.getByTestId('escape-message')).toContainText(new RegExp(`^Withdrawn: 1 ETH paid to ${wallet} on L1`, 'i'), { timeout: 60_000 })
  const [paid] = await publicClient.getContractEvents({ address: bridge, abi: bridgeAbi, eventName: 'EscapeWithdrawn', fromBlock: 0n })
  expect(paid!.args.recipient).toBe(wallet)
  expect(paid!.args.amount).toBe(parseEther('1') / 10n ** 9n)
  const receipt = await publicClient.getTransactionReceipt({ hash: paid!.transactionHash })
  const after = await publicClient.getBalance({ address: wallet, blockNumber: receipt.blockNumber })
  // The dev wallet pays the escape's gas itself: the rise is the verified balance less exactly that.
  expect(after - before).toBe(parseEther('1') - receipt.gasUsed * receipt.effectiveGasPrice)
  // It pays out once.
  await expect(escape).toHaveText('Already withdrawn through the escape hatch', { timeout: 30_000 })
  await expect(escape).toBeDisabled()

  // The queued deposit no verified batch consumed: its tracker says why and refunds it in full.
  await page.getByTestId('nav-bridge').click()
  const tracker = page.getByTestId('deposit-tracker').first()
  await expect(tracker.getByTestId('deposit-why')).toContainText('frozen', { timeout: 30_000 })
  const beforeRefund = await publicClient.getBalance({ address: wallet })
  await tracker.getByTestId('deposit-refund').click()
  await expect(tracker.getByTestId('deposit-refunded')).toBeVisible({ timeout: 60_000 })
  const refunds = await publicClient.getContractEvents({ address: bridge, abi: bridgeAbi, eventName: 'DepositRefunded', fromBlock: 0n })
  expect(refunds).toHaveLength(1)
  expect(refunds[0]!.args.amount).toBe(parseEther('0.3') / 10n ** 9n)
  const refundReceipt = await publicClient.getTransactionReceipt({ hash: refunds[0]!.transactionHash })
  const afterRefund = await publicClient.getBalance({ address: wallet, blockNumber: refundReceipt.blockNumber })
  expect(afterRefund - beforeRefund).toBe(parseEther('0.3') - refundReceipt.gasUsed * refundReceipt.effectiveGasPrice)
  // The consumed (verified) deposit is not refundable.
  await expect(page.getByTestId('deposit-tracker').nth(1).getByTestId('deposit-refund')).toHaveCount(0)
})
