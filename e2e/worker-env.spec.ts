// The browser environment check: Vite builds a module worker that imports src/protocol and
// src/prover (workers/envCheck/), and real Chromium runs it. Everything the worker is asked
// is computed in Node first, from the same code and the committed artifacts — a batch's new
// state root, a real Groth16 proof from the committed zkey made here in setup (so it stays
// valid whenever the artifacts are regenerated) — and the worker must reproduce or accept it,
// and refuse every tampered variant. No devnet needed.
import { expect, test } from '@playwright/test'
import { chromiumPath } from '../playwright.config'
import { WORKER_CHUNK_BUDGET_BYTES, workerChunks } from '../scripts/checkBundleSize'
import { BATCH_VERIFICATION_KEY, type Groth16Proof } from '../src/prover/index'
import { syntheticGroth16, tamperings } from '../src/prover/testing/syntheticGroth16'
import { type EnvCheckSession, type ExecutedScenario, executedScenario, openEnvCheck, realBatchProof } from '../workers/envCheck/session'
import { ENV_CHECK_DIST } from '../workers/envCheck/vite.config'

test.describe.configure({ mode: 'serial', timeout: 120_000 })

let session: EnvCheckSession
let worker: number
let scenario: ExecutedScenario
let proof: Groth16Proof
let publicSignals: bigint[]

test.beforeAll(async () => {
  test.setTimeout(300_000)
  scenario = await executedScenario()
  ;({ proof, publicSignals } = await realBatchProof())
  session = await openEnvCheck(chromiumPath)
  worker = await session.startWorker()
})

test.afterAll(async () => {
  await session?.close()
})

test('every worker chunk of the build is within the worker-chunk budget', () => {
  const chunks = workerChunks(ENV_CHECK_DIST)
  expect(chunks.length).toBeGreaterThan(0)
  for (const chunk of chunks) expect(chunk.bytes, chunk.file).toBeLessThanOrEqual(WORKER_CHUNK_BUDGET_BYTES)
})

test('the worker executes two batches from genesis to the roots Node computed', async () => {
  const response = await session.send(worker, { kind: 'execute', batches: scenario.batches })
  expect(response).toEqual({ kind: 'execute', newStateRoots: scenario.newStateRoots })
})

test('a real batch proof verifies in the worker, with Lantern and with snarkjs', async () => {
  const response = await session.send(worker, { kind: 'verify', jobs: [{ key: BATCH_VERIFICATION_KEY, publicSignals, proof }] })
  expect(response).toEqual({ kind: 'verify', results: [{ lantern: { ok: true }, snarkjs: { ok: true } }] })
})

test('every tampered proof or input is refused in the worker', async () => {
  const cases = await tamperings(proof, publicSignals)
  const jobs = cases.map((t) => ({ key: BATCH_VERIFICATION_KEY, publicSignals: [...t.publicSignals], proof: t.proof }))
  const response = await session.send(worker, { kind: 'verify', jobs })
  if (response.kind !== 'verify') throw new Error(`unexpected ${response.kind}`)
  cases.forEach((t, i) => {
    const { lantern, snarkjs } = response.results[i]!
    if (t.strict === 'false') {
      expect(lantern, t.name).toEqual({ ok: false })
      expect(snarkjs, t.name).toEqual({ ok: false })
    } else {
      expect(lantern, t.name).toMatchObject({ error: 'InvalidProofFormatError' })
    }
  })
})

test('batch verification in the worker: 23-input proofs accepted together, one bad one sinks the batch', async () => {
  const synthetic = await syntheticGroth16(23, 5)
  const items: { proof: Groth16Proof; publicSignals: bigint[] }[] = []
  for (let i = 0; i < 4; i++) {
    const signals = Array.from({ length: 23 }, (_, j) => BigInt(97 * i + j))
    items.push({ proof: await synthetic.prove(signals, i), publicSignals: signals })
  }
  const verifyBatch = (key: typeof synthetic.key, batch: typeof items) => session.send(worker, { kind: 'verifyBatch', key, items: batch })
  expect(await verifyBatch(synthetic.key, items)).toEqual({ kind: 'verifyBatch', result: { ok: true } })
  const wrongSignal = items.map((item, i) => (i === 2 ? { ...item, publicSignals: [item.publicSignals[0]! + 1n, ...item.publicSignals.slice(1)] } : item))
  expect(await verifyBatch(synthetic.key, wrongSignal)).toEqual({ kind: 'verifyBatch', result: { ok: false } })
  const real = [{ proof, publicSignals }, { proof, publicSignals }]
  expect(await verifyBatch(BATCH_VERIFICATION_KEY, real)).toEqual({ kind: 'verifyBatch', result: { ok: true } })
})
