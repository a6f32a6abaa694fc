import type { Page } from '@playwright/test'
import { createWalletClient, http, parseAbiItem, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { l2PublicKey } from '../src/protocol/crypto/eddsa'
import { deriveL2PrivateKey, l2KeyMessage } from '../src/protocol/crypto/l2Key'
import { bridgeAbi, rollupAbi } from '../contracts/generated/abis'
import { devnetRoles, expect, l1Clients, test } from './fixtures'

type DevWalletTesting = { rejectNext: (method: string) => void; useChain: (chainId: number) => void }

async function connect(page: Page): Promise<void> {
  await page.goto('/')
  await page.getByTestId('connect-dev.lantern.devwallet').click()
  await expect(page.getByTestId('wallet-address')).toHaveText(devnetRoles.devWallet.address)
}

async function derive(page: Page): Promise<void> {
  await page.getByTestId('l2-derive').click()
  await expect(page.getByTestId('l2-pubkey')).toBeVisible()
}

const priorityOpQueued = parseAbiItem(
  'event PriorityOpQueued(uint64 indexed opIndex, address indexed l1Address, uint32 indexed accountIndex, uint8 opType, uint64 amount, uint256 pubAx, uint256 pubAy, uint64 deadline)',
)

test('a wallet on another chain is offered a switch, and the switch brings it to the devnet', async ({ page, devnet }) => {
  await connect(page)
  await page.evaluate(() => (window as unknown as { __lanternDevWallet: DevWalletTesting }).__lanternDevWallet.useChain(1))
  await expect(page.getByTestId('wrong-network')).toContainText(`Lantern uses chain ${devnet.chainId}`)
  await page.getByTestId('switch-network').click()
  await expect(page.getByTestId('wrong-network')).toHaveCount(0)
})

test('a rejected L2-key signature says so and changes nothing; signing then derives the key of PROTOCOL §3.1', async ({ page, devnet }) => {
  await connect(page)
  const rollup = devnet.deployment.contracts.rollup!
  const message = l2KeyMessage({ chainId: devnet.chainId, rollupAddress: rollup })
  await page.getByText('The exact message your wallet will show').click()
  await expect(page.getByTestId('l2-key-message')).toHaveText(message)

  await page.evaluate(() => (window as unknown as { __lanternDevWallet: DevWalletTesting }).__lanternDevWallet.rejectNext('personal_sign'))
  await page.getByTestId('l2-derive').click()
  await expect(page.getByTestId('l2-key-error')).toHaveText(/You declined the signature.*Nothing changed: no L2 key was derived, nothing was sent\./)
  await expect(page.getByTestId('l2-pubkey')).toHaveCount(0)
  await expect(page.getByTestId('l2-derive')).toBeEnabled()
  // The key never reaches storage.
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toMatch(/privateKey|l2Key/i)

  await derive(page)
  await expect(page.getByTestId('l2-key-error')).toHaveCount(0)
  const signature = await privateKeyToAccount(devnetRoles.devWallet.privateKey).signMessage({ message })
  const { pubAx } = l2PublicKey(deriveL2PrivateKey(signature))
  const expected = `0x${pubAx.toString(16).padStart(64, '0')}`
  await expect(page.getByTestId('l2-pubkey')).toHaveText(`${expected.slice(0, 8)}…${expected.slice(-6)}`)
})

test('"Register this key on L1" queues a REGISTER_KEY op with the derived key', async ({ page, devnet }) => {
  // Specs share one devnet per worker, and an earlier deposit from this page may already have put the
  // derived key on L1. Register another key from the dev wallet's own address first, so the page
  // must offer to register the derived one again, whatever ran before.
  const { publicClient: l1 } = l1Clients(devnet)
  const devWallet = createWalletClient({ chain: l1.chain, transport: http(devnet.urls.l1), account: privateKeyToAccount(devnetRoles.devWallet.privateKey) })
  const other = await devWallet.writeContract({ address: devnet.deployment.contracts.rollup!, abi: rollupAbi, functionName: 'registerKey', args: [1n, 2n] })
  expect((await l1.waitForTransactionReceipt({ hash: other })).status).toBe('success')
  await connect(page)
  await derive(page)
  await page.getByTestId('l2-register').click()
  await expect(page.getByTestId('l2-key-on-l1')).toHaveText(/^queued on L1 \(priority op #\d+\)$/)
  const { publicClient } = l1Clients(devnet)
  const logs = await publicClient.getLogs({ address: devnet.deployment.contracts.rollup!, event: priorityOpQueued, args: { l1Address: devnetRoles.devWallet.address }, fromBlock: 0n })
  const op = logs.at(-1)!
  expect(op.args.opType).toBe(4)
  const opIndex = (await page.getByTestId('l2-key-on-l1').textContent())!.match(/#(\d+)/)![1]
  expect(op.args.opIndex).toBe(BigInt(opIndex!))
})

test('an amount above the L1 balance is refused in plain words and nothing is sent', async ({ page, devnet }) => {
  await connect(page)
  await derive(page)
  await page.getByTestId('nav-bridge').click()
  await expect(page.getByTestId('deposit-fee')).toContainText('ETH')
  const { publicClient } = l1Clients(devnet)
  const nonceBefore = await publicClient.getTransactionCount({ address: devnetRoles.devWallet.address })
  await page.getByTestId('deposit-amount').fill('1000000')
  await expect(page.getByTestId('deposit-error')).toContainText('Insufficient L1 balance')
  await expect(page.getByTestId('deposit-error')).toContainText('Nothing was sent')
  await expect(page.getByTestId('deposit-submit')).toBeDisabled()
  await page.getByTestId('deposit-amount').press('Enter')
  await page.getByTestId('deposit-amount').fill('0.0000000001')
  await expect(page.getByTestId('deposit-error')).toContainText('at most 9 decimals')
  expect(await publicClient.getTransactionCount({ address: devnetRoles.devWallet.address })).toBe(nonceBefore)
  await expect(page.getByTestId('deposit-tracker')).toHaveCount(0)
})

test('a 1 ETH deposit goes through the wallet; its tracker shows the L1 steps, survives a reload and says what it waits for', async ({ page, devnet }) => {
  await connect(page)
  await derive(page)
  await page.getByTestId('nav-bridge').click()
  await page.getByTestId('deposit-amount').fill('1')
  await page.getByTestId('deposit-submit').click()
  const tracker = page.getByTestId('deposit-tracker').first()
  await expect(tracker.getByTestId('step-queued')).toHaveAttribute('data-done', 'true')
  await expect(tracker.getByTestId('step-mined')).toContainText(/block \d+/)
  const queuedText = await tracker.getByTestId('step-queued').textContent()
  const [, opIndex, deadline] = queuedText!.match(/priority op #(\d+), deadline L1 block (\d+)/)!

  // The op and its deadline are the ones the Rollup emitted, with the derived key and 1 ETH in gwei.
  const { publicClient } = l1Clients(devnet)
  const logs = await publicClient.getLogs({ address: devnet.deployment.contracts.rollup!, event: priorityOpQueued, args: { opIndex: BigInt(opIndex!) }, fromBlock: 0n })
  expect(logs).toHaveLength(1)
  expect(logs[0]!.args.l1Address).toBe(devnetRoles.devWallet.address)
  expect(logs[0]!.args.amount).toBe(parseEther('1') / 10n ** 9n)
  expect(logs[0]!.args.deadline).toBe(BigInt(deadline!))
  expect(logs[0]!.args.opType).toBe(3)

  await expect(tracker.getByTestId('step-trusted')).toHaveAttribute('data-done', 'false')
  await expect(tracker.getByTestId('deposit-node-seen')).toContainText(`read op #${opIndex} from L1 itself`, { timeout: 30_000 })
  await expect(tracker.getByTestId('deposit-why')).toContainText(`by L1 block ${deadline}`)

  await page.reload()
  await page.getByTestId('nav-bridge').click()
  const after = page.locator(`[data-deposit="${await tracker.getAttribute('data-deposit')}"]`)
  await expect(after.getByTestId('step-queued')).toHaveAttribute('data-done', 'true')
  await expect(after.getByTestId('step-queued')).toContainText(`priority op #${opIndex}`)
  await page.getByTestId('nav-history').click()
  // The devnet's relay sequences deposits on its own, so by now the deposit may have moved past "queued".
  await expect(page.locator('[data-testid="history-row"][data-kind="deposit"]').first()).toContainText(new RegExp(`queued \\(op #${opIndex}\\)|on L1 \\(virtual\\)|proven on L1`))
})

test('frozen rollup: an overdue deposit is refunded in full to the wallet from its tracker', async ({ page, devnet }) => {
  // The devnet is shared by every spec of this worker: freeze it only inside a snapshot.
  const { publicClient: l1 } = l1Clients(devnet)
  const snapshot = await l1.request({ method: 'evm_snapshot' as never })
  try {
    await frozenRefund(page, devnet)
  } finally {
    await l1.request({ method: 'evm_revert' as never, params: [snapshot] as never })
  }
})

async function frozenRefund(page: Page, devnet: Parameters<typeof l1Clients>[0]): Promise<void> {
  await connect(page)
  await derive(page)
  await page.getByTestId('nav-bridge').click()
  await page.getByTestId('deposit-amount').fill('2')
  await page.getByTestId('deposit-submit').click()
  const tracker = page.getByTestId('deposit-tracker').first()
  await expect(tracker.getByTestId('step-queued')).toHaveAttribute('data-done', 'true')
  const [, deadline] = (await tracker.getByTestId('step-queued').textContent())!.match(/deadline L1 block (\d+)/)!

  // Mine past the deadline (faster than the relay can prove the deposit) and freeze the rollup from L1.
  const { publicClient, walletClient } = l1Clients(devnet)
  const head = await publicClient.getBlockNumber()
  await publicClient.request({ method: 'anvil_mine' as never, params: [`0x${(BigInt(deadline!) - head + 1n).toString(16)}`] as never })
  const rollup = devnet.deployment.contracts.rollup!
  const freeze = await walletClient.writeContract({ address: rollup, abi: rollupAbi, functionName: 'activateEscapeHatch' })
  expect((await publicClient.waitForTransactionReceipt({ hash: freeze })).status).toBe('success')

  await expect(tracker.getByTestId('deposit-why')).toContainText('frozen')
  const before = await publicClient.getBalance({ address: devnetRoles.devWallet.address })
  await tracker.getByTestId('deposit-refund').click()
  await expect(tracker.getByTestId('deposit-refunded')).toBeVisible()
  // Every deposit of the dev wallet not consumed by a verified batch is refundable; this one paid back exactly 2 ETH minus gas.
  const logs = await publicClient.getContractEvents({ address: devnet.deployment.contracts.bridge!, abi: bridgeAbi, eventName: 'DepositRefunded', fromBlock: 0n })
  const refund = logs.at(-1)!
  expect(refund.args.payer).toBe(devnetRoles.devWallet.address)
  expect(refund.args.amount).toBe(parseEther('2') / 10n ** 9n)
  const receipt = await publicClient.getTransactionReceipt({ hash: refund.transactionHash })
  const after = await publicClient.getBalance({ address: devnetRoles.devWallet.address, blockNumber: receipt.blockNumber })
  expect(after - before).toBe(parseEther('2') - receipt.gasUsed * receipt.effectiveGasPrice)
}
