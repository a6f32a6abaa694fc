// The whole pipeline over a real anvil with the real BatchVerifier, nothing but the relay driving
// it: an L1 deposit → trusted credit → sequenceBatches → a real Groth16 proof (snarkjs in the
// relay's own prover thread, the committed artifacts) → verifyBatches accepted by the real
// verifier. 1–2 proofs (≈ 15–60 s).
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { rollupAbi } from '../../contracts/generated/abis'
import { deposit, GWEI, type Lantern, mined, startLantern } from '../../contracts/test/helpers/lantern'
import { releaseCurve } from '../../src/prover/releaseCurve'
import { testPublicKey } from '../../src/protocol/testing/fixtures'
import { type Relay, startRelay } from '../startRelay'
import { AGGREGATOR_KEY, quietLogger, relayConfigOn, tempDataDir } from '../anvilTesting'

let L: Lantern
let data: ReturnType<typeof tempDataDir>
let relay: Relay | undefined
beforeAll(async () => {
  L = await startLantern({ verifier: 'real' })
  data = tempDataDir('relay-agg')
}, 120_000)
afterAll(async () => {
  await relay?.close()
  await releaseCurve()
  await L?.stop()
  data?.remove()
})

const read = async (functionName: 'lastSequencedBatch' | 'lastVerifiedBatch') => Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName }))

it('consolidates an L1 deposit on L1 with a real proof, driven by the relay alone', async () => {
  relay = await startRelay(
    relayConfigOn(L, data.dir, {
      aggregatorPrivateKey: AGGREGATOR_KEY,
      aggregatorK: 4,
      aggregatorIntervalMs: 0,
      relayProvers: 1,
      l1PollMs: 100,
      batchMaxWaitMs: 300,
      // Keep one batch of history: once batches are verified the relay prunes the rest.
      stateHistoryBatches: 1,
    }),
    { logger: quietLogger },
  )
  const key = testPublicKey(5)
  await mined(L, deposit(L, L.alice, L.alice, 7_000n * GWEI, [key.pubAx, key.pubAy]))
  const aliceIndex = Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accountIndexOf', args: [L.alice] }))
  const node = relay.node
  // Generous: a loaded machine should fail this on a wrong result, not on time.
  const end = Date.now() + 420_000
  while ((await node.tree.getAccount(aliceIndex)).balance !== 7_000n) {
    if (Date.now() > end) throw new Error('no trusted credit')
    await new Promise((r) => setTimeout(r, 100))
  }
  // A second batch, so there is a batch to forget below the one of history kept.
  const before = node.sequencer.head.number
  await mined(L, deposit(L, L.bob, L.bob, 1_000n * GWEI))
  while (node.sequencer.head.number === before) {
    if (Date.now() > end) throw new Error('no second batch')
    await new Promise((r) => setTimeout(r, 100))
  }
  const head = node.sequencer.head.number
  while ((await read('lastVerifiedBatch')) < head) {
    if (Date.now() > end) throw new Error(`not verified: sequenced ${await read('lastSequencedBatch')}, verified ${await read('lastVerifiedBatch')}, proved ${relay.coordinator!.accepted.map((a) => a.batchNumber).join()}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  expect(await read('lastSequencedBatch')).toBeGreaterThanOrEqual(head)
  const stateRoot = await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'lastVerifiedStateRoot' })
  const verified = await read('lastVerifiedBatch')
  expect(stateRoot).toBe((await node.storage.getBatch(verified))!.stateRoot)
  // L1 can show the batch verified a receipt poll before the aggregator's own wait returns and records it.
  await vi.waitFor(() => expect(relay!.aggregator!.submitted.length).toBeGreaterThan(0), { timeout: 10_000 })
  expect(new Set(relay.coordinator!.accepted.map((a) => a.proverId))).toEqual(new Set(['relay-thread-0']))
  const kept = Math.min(verified, node.sequencer.head.number - 1)
  expect(kept).toBeGreaterThan(0)
  await vi.waitFor(async () => expect(await node.storage.historyFrom()).toBe(kept), { timeout: 10_000 })
}, 450_000)
