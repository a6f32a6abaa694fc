// Proving a batch in this browser for the relay: a deposit is sequenced on L1 by the devnet's
// relay, the Batches explorer's "Prove this batch here" runs the prover worker on the relay's
// job (lantern_getProverJob → witness and Groth16 proof in Chromium → lantern_submitProof), the
// relay accepts the proof and verifies the batch on L1 with it, the light node consolidates it,
// and "Re-verify" checks the proof from L1 calldata again and shows the ms.
//
// The relay's own provers are turned off for this devnet (LANTERN_RELAY_PROVERS=0, read by the
// relay process the fixture starts) so the browser is the only prover: if the batch gets
// verified on L1, it was with the browser's proof. When this spec shares a devnet another spec
// started with relay provers on (lantern_status says so), the relay may be first: the browser's
// proof is then answered "already proven", which the spec records instead of requiring "accepted".
import { rollupAbi } from '../contracts/generated/abis'
import { devnetRoles, expect, l1Clients, test } from './fixtures'

// fixme: not yet run green. One run on the loaded machine proved batch 2 in Chromium (618 s) and the
// relay accepted it ("batch 2 proven by browser-…"), but L1 never verified it: batch 1 had no
// prover. The spec now proves every unproven batch oldest first; that version has not finished a
// run. It also needs the devnet's relay started with LANTERN_RELAY_PROVERS=0 to require
// "accepted" — set it for this spec alone (setting it at import time would reach every spec's
// devnet through the runner's environment).
test.fixme('a batch proven in this browser is submitted through the prover-job protocol, accepted by the relay, verified on L1 and re-verified here', async ({ page, devnet }) => {
  // Witness + proof in Chromium on 2 shared cores, plus the 63 MB zkey download.
  test.setTimeout(2_400_000)
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto('/')
  await page.getByTestId('connect-dev.lantern.devwallet').click()
  await expect(page.getByTestId('wallet-address')).toHaveText(devnetRoles.devWallet.address)
  await page.getByTestId('l2-derive').click()
  await expect(page.getByTestId('l2-pubkey')).toBeVisible()
  await page.getByTestId('nav-bridge').click()
  await page.getByTestId('deposit-amount').fill('0.5')
  await page.getByTestId('deposit-submit').click()
  await expect(page.getByTestId('deposit-tracker').first().getByTestId('step-queued')).toHaveAttribute('data-done', 'true')

  // The relay sequences the deposit (and its own first batch) on L1; the node re-executes them (virtual).
  await page.getByTestId('nav-batches').click()
  const virtualRows = page.locator('tbody tr', { has: page.locator('td', { hasText: /^virtual$/ }) })
  await expect(virtualRows.first()).toBeVisible({ timeout: 120_000 })
  // The aggregator verifies consecutive proven batches only: with no other prover, every unproven batch is proven here, oldest first.
  const numbers = (await virtualRows.locator('td:first-child').allTextContents()).map(Number).sort((a, b) => a - b)
  expect(numbers.length).toBeGreaterThanOrEqual(1)
  const batchNumber = numbers.at(-1)!
  // Whether the relay proves too (a devnet another spec started first keeps its provers): then the browser may lose the race.
  const relayStatus = (await (await fetch(devnet.urls.relay, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'lantern_status', params: [] }) })).json()) as {
    result: { proving?: { localProvers: number } }
  }
  const browserOnly = relayStatus.result.proving?.localProvers === 0
  test.info().annotations.push({ type: 'provers', description: browserOnly ? 'the browser is the only prover' : 'the relay proves too' })
  for (const n of numbers) {
    const status = page.getByTestId(`batch-action-status-${n}`)
    await page.getByTestId(`batch-actions-${n}`).getByRole('button', { name: 'Prove this batch here' }).click()
    // Progress is shown while it runs: the download (first time), the witness, snarkjs's steps.
    await expect(status.locator('progress')).toBeVisible()
    await expect(status).toContainText(/downloading the proving key|loading the|computing the witness|proving:/, { timeout: 120_000 })
    await expect(status).toContainText(/^Proven here in [\d.]+ s/, { timeout: 1_200_000 })
    const outcome = (await status.textContent())!
    test.info().annotations.push({ type: `prove batch ${n}`, description: outcome })
    if (browserOnly) expect(outcome).toContain('the relay accepted the proof')
  }
  const actions = page.getByTestId(`batch-actions-${batchNumber}`)
  const status = page.getByTestId(`batch-action-status-${batchNumber}`)

  // The relay's aggregator posts verifyBatches with the accepted proof; the node verifies it and consolidates the batch.
  const { publicClient } = l1Clients(devnet)
  await expect
    .poll(() => publicClient.readContract({ address: devnet.deployment.contracts.rollup!, abi: rollupAbi, functionName: 'lastVerifiedBatch' }), { timeout: 180_000 })
    .toBeGreaterThanOrEqual(BigInt(batchNumber))
  const row = page.locator('tbody tr', { has: page.getByTestId(`batch-actions-${batchNumber}`) })
  await expect(row.locator('td').nth(1)).toHaveText('consolidated', { timeout: 120_000 })

  await actions.getByRole('button', { name: 'Re-verify' }).click()
  await expect(status).toContainText(/^Verified again in this browser in \d+ ms\.$/, { timeout: 60_000 })
  expect(errors).toEqual([])
})
