// Proving a full batch in the app's prover worker in headless Chromium vs Node snarkjs, in the
// same run (`npm run bench browser-prove --json`). The machine is shared (2 cores, other jobs):
// its load swings during a run, so every browser proof is paired with a Node proof made just
// before it (in `beforeEach`, untimed by the runner, timed here), and `xNode` is the median of the
// per-pair ratios browser ÷ Node — the figure to compare across runs, not the absolute times.
// `xNodeCpu` compares CPU time instead (every thread of the Node process; every process of the
// Chromium, from /proc): it tells work done apart from CPU share won on a busy machine.
//
// Every proof is the same work: the batch circuit has a fixed number of slots, so the witness
// and the five multi-exponentiations are the same size whatever the batch holds. The artifacts
// are loaded once (Node: read from disk; browser: downloaded into Cache Storage, kept in the
// worker's memory), and both sides reuse snarkjs's curve after the first proof (warm-up).
//
// The variant rows measure one change each against the app's configuration (`browser-prove`):
// snarkjs in the prover worker alone without ffjavascript's threads, the zkey fetched by snarkjs
// from its URL on every proof, and (diagnosis only, not something a page can choose) V8 compiling
// every WASM function with TurboFan up front instead of Liftoff first.
import { readFileSync } from 'node:fs'
import type { Benchmark } from '../../scripts/bench/types'
import { ARTIFACT_PATHS } from '../../circuits/tooling/paths.js'
import { proveBatch } from '../../src/prover/proveBatch.js'
import { releaseCurve } from '../../src/prover/releaseCurve.js'
import { verifyBatchProof } from '../../src/prover/verifyBatchProof.js'
import { executedScenario } from '../envCheck/session.js'
import type { ProveRequest } from './proverApi.js'
import { type BrowserProveResult, type ProverBenchSession, openProverBench } from './bench/session.js'

/** Timed pairs per row (default 3 for browser-prove, 2 for a variant): `LANTERN_BENCH_PROVE_PAIRS=1` for a quick look on a busy machine. */
const PAIRS = process.env.LANTERN_BENCH_PROVE_PAIRS === undefined ? undefined : Math.max(1, Number(process.env.LANTERN_BENCH_PROVE_PAIRS))

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const round = (x: number, digits = 0) => Number(x.toFixed(digits))

let artifacts: { wasm: Uint8Array; zkey: Uint8Array } | undefined
const nodeArtifacts = () => (artifacts ??= { wasm: new Uint8Array(readFileSync(ARTIFACT_PATHS.wasm)), zkey: new Uint8Array(readFileSync(ARTIFACT_PATHS.zkey)) })

async function circuitInput() {
  return (await executedScenario()).circuitInput
}

/** One Node proof, timed; the proof is checked so a broken run cannot pass as fast. */
async function nodeProve(): Promise<{ ms: number; witnessMs: number; cpuMs: number }> {
  const input = await circuitInput()
  let witnessMs = 0
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  const result = await proveBatch(input as never, nodeArtifacts(), undefined, {
    onProgress: (p) => {
      if (p.phase === 'prove' && witnessMs === 0) witnessMs = performance.now() - start
    },
  })
  const ms = performance.now() - start
  // process.cpuUsage counts every thread of the process, snarkjs's worker_threads included.
  const cpu = process.cpuUsage(cpuStart)
  const cpuMs = (cpu.user + cpu.system) / 1000
  if (!(await verifyBatchProof(result.proof, result.publicInputs))) throw new Error('Node produced a proof that does not verify')
  return { ms, witnessMs, cpuMs }
}

type Variant = { request?: Pick<ProveRequest, 'threads' | 'zkeyFrom'>; chromiumArgs?: string[] }

function pairedRow(variant: Variant, iterations = PAIRS ?? 2): Pick<Benchmark, 'setup' | 'beforeEach' | 'fn' | 'teardown' | 'metrics' | 'warmup' | 'iterations' | 'minTimeMs'> {
  let session: ProverBenchSession | undefined
  let node: { ms: number; witnessMs: number; cpuMs: number }[] = []
  let browser: (BrowserProveResult & { cpuMs: number })[] = []
  let coldDownloadMs = Number.NaN
  return {
    setup: async () => {
      node = []
      browser = []
      session = await openProverBench({ extraArgs: variant.chromiumArgs })
      await session.clearCache()
    },
    beforeEach: async () => void node.push(await nodeProve()),
    fn: async () => {
      const input = await circuitInput()
      const cpuStart = session!.cpuMs()
      const proved = await session!.prove(input, variant.request)
      const result = { ...proved, cpuMs: session!.cpuMs() - cpuStart }
      // The proof must verify with the pinned key against the circuit's own public signals.
      if (!(await verifyBatchProof(result.proof, result.publicSignals.map(BigInt)))) throw new Error('the browser produced a proof that does not verify')
      if (browser.length === 0) coldDownloadMs = result.timings.downloadMs
      browser.push(result)
    },
    teardown: async () => {
      await session?.close()
      session = undefined
      await releaseCurve()
    },
    // The first pair is the warm-up (download into Cache Storage, curve and threads built on both sides).
    warmup: 1,
    iterations,
    minTimeMs: 0,
    metrics: ({ iterations }) => {
      const pairs = browser.slice(-iterations).map((b, i) => ({ b, n: node.slice(-iterations)[i]! }))
      const pick = (f: (b: (typeof pairs)[number]['b']) => number) => round(median(pairs.map(({ b }) => f(b))))
      const msm = (b: BrowserProveResult) => Object.entries(b.timings.steps).filter(([k]) => k.startsWith('multi-exp')).reduce((s, [, v]) => s + v, 0)
      return {
        xNode: round(median(pairs.map(({ b, n }) => (b.timings.witnessMs + b.timings.proveMs) / n.ms)), 2),
        browserMs: pick((b) => b.timings.witnessMs + b.timings.proveMs),
        nodeMs: round(median(pairs.map(({ n }) => n.ms))),
        browserWitnessMs: pick((b) => b.timings.witnessMs),
        nodeWitnessMs: round(median(pairs.map(({ n }) => n.witnessMs))),
        browserMsmMs: pick(msm),
        // CPU time, all threads and processes: what each side spends, whatever else the machine runs.
        xNodeCpu: round(median(pairs.map(({ b, n }) => b.cpuMs / n.cpuMs)), 2),
        browserCpuMs: pick((b) => b.cpuMs),
        nodeCpuMs: round(median(pairs.map(({ n }) => n.cpuMs))),
        xNodePerPair: pairs.map(({ b, n }) => ((b.timings.witnessMs + b.timings.proveMs) / n.ms).toFixed(2)).join(' '),
        coldDownloadMs: round(coldDownloadMs),
      }
    },
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'browser-prove (Node baseline): proveBatch, full batch, snarkjs with worker_threads, artifacts in memory',
    id: 'browser-prove-node',
    setup: async () => void (await nodeProve()),
    fn: nodeProve,
    teardown: releaseCurve,
    warmup: 0,
    iterations: PAIRS ?? 2,
    minTimeMs: 0,
  },
  {
    name: 'browser-prove: full batch in the prover worker, headless Chromium (ffjavascript threads, zkey bytes from Cache Storage)',
    id: 'browser-prove',
    baseline: 'browser-prove-node',
    ...pairedRow({}, PAIRS ?? 3),
  },
  {
    name: 'Chromium prover variant: snarkjs single-threaded in the prover worker (paired with Node)',
    id: 'browser-prove-single',
    baseline: 'browser-prove-node',
    ...pairedRow({ request: { threads: 'single' } }),
  },
  {
    name: 'Chromium prover variant: snarkjs fetches the zkey from its URL for every proof (paired with Node)',
    id: 'browser-prove-zkey-url',
    baseline: 'browser-prove-node',
    ...pairedRow({ request: { zkeyFrom: 'url' } }),
  },
  {
    name: 'Chromium prover variant (diagnosis): --js-flags=--no-wasm-dynamic-tiering, TurboFan up front (paired with Node)',
    id: 'browser-prove-eager-tier',
    baseline: 'browser-prove-node',
    ...pairedRow({ chromiumArgs: ['--js-flags=--no-wasm-dynamic-tiering'] }),
  },
]
