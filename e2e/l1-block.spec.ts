import { parseEther } from 'viem'
import { devnetRoles, expect, l1Clients, test } from './fixtures'

test('shows the L1 chain id and a block number that advances when a transaction is mined', async ({ page, devnet }) => {
  await page.goto('/')

  await expect(page.getByTestId('l1-chain-id')).toHaveText(String(devnet.chainId))
  const blockNumber = page.getByTestId('l1-block-number')
  await expect(blockNumber).toHaveText(/^\d+$/)
  const before = Number(await blockNumber.textContent())

  // The devnet mines one block per transaction (blockTime 0), so only this transaction moves it.
  const { walletClient, publicClient } = l1Clients(devnet)
  const hash = await walletClient.sendTransaction({ to: devnetRoles.sequencer.address, value: parseEther('0.01') })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  expect(Number(receipt.blockNumber)).toBeGreaterThan(before)

  await expect.poll(async () => Number(await blockNumber.textContent())).toBeGreaterThanOrEqual(Number(receipt.blockNumber))
})

test('the relay answers and the deployed contracts are shown', async ({ page, devnet }) => {
  await page.goto('/')
  await expect(page.getByTestId('relay-state')).toHaveText('online')
  const rollup = devnet.deployment.contracts.rollup
  if (rollup) await expect(page.getByTestId('contract-rollup')).toHaveText(rollup)
})

test('the dev wallet connects through wagmi and shows its address and ETH balance', async ({ page }) => {
  await page.goto('/')
  await page.getByTestId('connect-dev.lantern.devwallet').click()
  await expect(page.getByTestId('wallet-address')).toHaveText(devnetRoles.devWallet.address)
  await expect(page.getByTestId('wallet-balance')).toHaveText(/^\d[\d.]* ETH$/)
  await page.getByTestId('wallet-disconnect').click()
  await expect(page.getByTestId('connect-dev.lantern.devwallet')).toBeVisible()
})
