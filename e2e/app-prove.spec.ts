// Proving a batch in this browser for the relay: the Batches explorer's "Prove this batch here"
// runs the prover worker on the relay's job (lantern_getProverJob → witness and Groth16 proof in
// Chromium → lantern_submitProof), the relay accepts the proof and verifies the batch on L1 with
// it, the light node consolidates it, and "Re-verify" checks the proof from L1 calldata again
// and shows the ms.
//
// The spec's devnet is its own, with the relay's provers off (LANTERN_RELAY_PROVERS=0, e2e/ownDevnet.ts):
// the browser is the only prover, so a batch verified on L1 was verified with the browser's proof,
// and the relay must answer "accepted". The batch is the relay's first, which registers its fee
// account (priority op #0) as it starts: no deposit is needed, and one proof in Chromium (minutes
// on two shared cores) is all the spec costs.
import { rollupAbi } from '../contracts/generated/abis'
import { expect, l1Clients } from './fixtures'
import { testWithOwnDevnet } from './ownDevnet'

const test = testWithOwnDevnet('prove', 2, { LANTERN_RELAY_PROVERS: '0' })

test('a batch proven in this browser is submitted through the prover-job protocol, accepted by the relay, verified on L1 and re-verified here', async ({ page, devnet }) => {
  // Witness + proof in Chromium on 2 shared cores, plus the 63 MB zkey download.
  test.setTimeout(2_400_000)
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto('/')
  const relayStatus = (await (await fetch(devnet.urls.relay, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'lantern_status', params: [] }) })).json()) as {
    result: { proving?: { localProvers: number } }
  }
  expect(relayStatus.result.proving?.localProvers).toBe(0)

  // The relay sequences its first batch on L1; the node re-executes it (virtual).
  await page.getByTestId('nav-batches').click()
  const virtualRows = page.locator('tbody tr', { has: page.locator('td', { hasText: /^virtual$/ }) })
  await expect(virtualRows.first()).toBeVisible({ timeout: 120_000 })
  // The aggregator verifies consecutive proven batches only: with no other prover, every unproven batch is proven here, oldest first.
  const numbers = (await virtualRows.locator('td:first-child').allTextContents()).map(Number).sort((a, b) => a - b)
  expect(numbers.length).toBeGreaterThanOrEqual(1)
  const batchNumber = numbers.at(-1)!
  for (const n of numbers) {
    const status = page.getByTestId(`batch-action-status-${n}`)
    await page.getByTestId(`batch-actions-${n}`).getByRole('button', { name: 'Prove this batch here' }).click()
    // Progress is shown while it runs: the download (first time), the witness, snarkjs's steps.
    await expect(status.locator('progress')).toBeVisible()
    await expect(status).toContainText(/downloading the proving key|loading the|computing the witness|proving:/, { timeout: 120_000 })
    await expect(status).toContainText(/^Proven here in [\d.]+ s/, { timeout: 1_200_000 })
    const outcome = (await status.textContent())!
    test.info().annotations.push({ type: `prove batch ${n}`, description: outcome })
    expect(outcome).toContain('the relay accepted the proof')
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
