// Groth16 verification in a Chromium module worker (`npm run bench browser-verify`), on the real
// batch proof from the committed zkey (made in Node at setup) and the pinned key, with snarkjs
// measured in the same run, in the same browser, as the baseline.
//
// One timed iteration = one verification requested from the page; warmP50Ms / warmP95Ms are
// timed inside the worker (performance.now around the verify call), so they exclude the
// Playwright round trip that the runner's own mean includes, and the key is prepared once per
// worker, as the light node's verifier worker prepares its pinned key once. coldMs = the first
// verification in a freshly started worker (module already loaded; curve build and key
// preparation included), the median of 3 fresh workers. browser-verify-batched: one iteration = one batch check of
// BATCH_SIZE proofs (verifyGroth16Batch); msPerProof = in-worker p50 ÷ BATCH_SIZE.
import type { Benchmark, BenchTiming } from '../../scripts/bench/types'
import { BATCH_VERIFICATION_KEY } from '../../src/prover/index.js'
import { syntheticGroth16 } from '../../src/prover/testing/syntheticGroth16.js'
import type { EnvCommand, VerifyJob } from './messages.js'
import { type EnvCheckSession, openEnvCheck, realBatchProof } from './session.js'

const BATCH_SIZE = 32
const COLD_WORKERS = 3

let session: EnvCheckSession | undefined
let worker = -1
let samples: number[] = []
let coldSamples: number[] = []

const quantile = (xs: readonly number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}
const ms = (x: number) => Number(x.toFixed(2))

async function timed(command: EnvCommand, id = worker): Promise<number[]> {
  const response = await session!.send(id, command)
  if (response.kind !== 'time' || !response.ok) throw new Error(`the worker did not verify: ${JSON.stringify(response)}`)
  return response.samplesMs
}

async function open(): Promise<void> {
  session = await openEnvCheck()
  worker = await session.startWorker()
  samples = []
  coldSamples = []
}

async function close(): Promise<void> {
  await session?.close()
  session = undefined
}

async function realJob(): Promise<VerifyJob> {
  const { proof, publicSignals } = await realBatchProof()
  return { key: BATCH_VERIFICATION_KEY, publicSignals, proof }
}

function verifyRow(verifier: 'lantern' | 'snarkjs'): Pick<Benchmark, 'setup' | 'fn' | 'teardown' | 'metrics' | 'warmup' | 'minTimeMs'> {
  let job: VerifyJob
  return {
    setup: async () => {
      job = await realJob()
      await open()
      for (let i = 0; i < COLD_WORKERS; i++) {
        const fresh = await session!.startWorker()
        coldSamples.push(...(await timed({ kind: 'timeVerify', job, iterations: 1, verifier }, fresh)))
        await session!.stopWorker(fresh)
      }
    },
    fn: async () => samples.push(...(await timed({ kind: 'timeVerify', job, iterations: 1, verifier }))),
    teardown: close,
    warmup: 5,
    minTimeMs: 3000,
    // The runner's warm-up iterations also land in `samples`: drop them.
    metrics: ({ iterations }: BenchTiming) => {
      const warm = samples.slice(-iterations)
      return { warmP50Ms: ms(quantile(warm, 0.5)), warmP95Ms: ms(quantile(warm, 0.95)), coldMs: ms(quantile(coldSamples, 0.5)) }
    },
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'browser-verify (snarkjs baseline): groth16.verify, real batch proof, Chromium worker',
    id: 'browser-verify-snarkjs',
    ...verifyRow('snarkjs'),
  },
  {
    name: 'browser-verify: verifyGroth16, real batch proof, Chromium worker',
    id: 'browser-verify',
    baseline: 'browser-verify-snarkjs',
    ...verifyRow('lantern'),
  },
  {
    name: `browser-verify-batched: verifyGroth16Batch of ${BATCH_SIZE} real batch proofs, Chromium worker`,
    id: 'browser-verify-batched',
    setup: async () => {
      const job = await realJob()
      await open()
      items = Array.from({ length: BATCH_SIZE }, () => ({ proof: job.proof, publicSignals: job.publicSignals }))
    },
    fn: async () => samples.push(...(await timed({ kind: 'timeVerifyBatch', key: BATCH_VERIFICATION_KEY, items, iterations: 1 }))),
    teardown: close,
    warmup: 2,
    minTimeMs: 3000,
    metrics: ({ iterations }) => ({ msPerProof: ms(quantile(samples.slice(-iterations), 0.5) / BATCH_SIZE), proofs: BATCH_SIZE }),
  },
  {
    name: `browser-verify-batched (23 public inputs): verifyGroth16Batch of ${BATCH_SIZE} proofs, synthetic key, Chromium worker`,
    id: 'browser-verify-batched-23',
    setup: async () => {
      const synthetic = await syntheticGroth16(23, 3)
      key23 = synthetic.key
      items23 = []
      for (let i = 0; i < BATCH_SIZE; i++) {
        const publicSignals = Array.from({ length: 23 }, (_, j) => BigInt(i * 1_000_003 + j) ** 5n % 2n ** 250n)
        items23.push({ proof: await synthetic.prove(publicSignals, i), publicSignals })
      }
      await open()
    },
    fn: async () => samples.push(...(await timed({ kind: 'timeVerifyBatch', key: key23, items: items23, iterations: 1 }))),
    teardown: close,
    warmup: 2,
    minTimeMs: 3000,
    metrics: ({ iterations }) => ({ msPerProof: ms(quantile(samples.slice(-iterations), 0.5) / BATCH_SIZE), proofs: BATCH_SIZE }),
  },
]

let items: { proof: VerifyJob['proof']; publicSignals: bigint[] }[] = []
let key23: VerifyJob['key']
let items23: { proof: VerifyJob['proof']; publicSignals: bigint[] }[] = []
