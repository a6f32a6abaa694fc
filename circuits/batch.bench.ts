// Batch circuit benchmarks (`npm run bench circuit`): witness generation, Groth16 proving of a
// full 4-slot batch in Node, and verification against its 23 public inputs (§7.1), with the
// committed artifacts. The constraint count, public-input count and artifact sizes come from the
// manifest and the files themselves.
//
// Baselines: warm verification is compared with the first verification on a fresh bn128 curve
// (what a new worker or process pays once: snarkjs rebuilds and compiles the curve's WASM and
// starts its worker threads), both in this process. Proving has no baseline here: nothing else
// proves this circuit, so it reports its time per constraint instead.
import { statSync } from 'node:fs'
import { formatDuration } from '../scripts/bench/runBenchmarks'
import type { Benchmark } from '../scripts/bench/types'
import { loadCrypto } from '../src/protocol/crypto/loadCrypto.js'
import type { Groth16Proof } from '../src/prover/types.js'
import { proveBatch } from '../src/prover/proveBatch.js'
import { releaseCurve } from '../src/prover/releaseCurve.js'
import { verifyBatchProof } from '../src/prover/verifyBatchProof.js'
import { type Scenario, runScenario } from './testing/scenario.js'
import { calculateWitness } from './testing/witness.js'
import { readManifest } from './tooling/manifest.js'
import { ARTIFACT_PATHS } from './tooling/paths.js'

const artifacts = { wasm: ARTIFACT_PATHS.wasm, zkey: ARTIFACT_PATHS.zkey }
let scenario: Scenario | undefined
let proof: Groth16Proof | undefined

async function fullBatch(): Promise<Scenario['batch2']> {
  if (!scenario) {
    await loadCrypto()
    scenario = await runScenario()
  }
  return scenario.batch2
}

const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`

function artifactSizes(): Record<string, string | number> {
  return {
    constraints: readManifest().constraints,
    'public inputs': readManifest().publicInputs,
    zkey: MiB(statSync(ARTIFACT_PATHS.zkey).size),
    wasm: MiB(statSync(ARTIFACT_PATHS.wasm).size),
  }
}

async function ensureProof(): Promise<Groth16Proof> {
  proof ??= (await proveBatch((await fullBatch()).circuitInput, artifacts)).proof
  return proof
}

async function verifyOnce(): Promise<void> {
  const batch = await fullBatch()
  if (!(await verifyBatchProof(await ensureProof(), batch.publicInputs))) throw new Error('proof did not verify')
}

// snarkjs keeps its curve's worker threads alive: every benchmark here terminates them when it
// is done (`teardown`), so the runner can exit; the next snarkjs call builds a new curve.

export const benchmarks: Benchmark[] = [
  {
    name: 'circuit: witness, 4-slot batch (WASM)',
    setup: async () => void (await fullBatch()),
    fn: async () => calculateWitness((await fullBatch()).circuitInput),
    warmup: 1,
    iterations: 5,
    metrics: () => ({ constraints: readManifest().constraints }),
  },
  {
    name: 'circuit: Groth16 prove, 4-slot batch (Node, fullProve)',
    setup: async () => void (await fullBatch()),
    fn: async () => {
      proof = (await proveBatch((await fullBatch()).circuitInput, artifacts)).proof
    },
    teardown: releaseCurve,
    warmup: 1,
    iterations: 3,
    metrics: ({ meanMs }) => ({ ...artifactSizes(), 'per constraint': formatDuration(meanMs / readManifest().constraints) }),
  },
  {
    name: 'circuit: Groth16 verify, first on a fresh curve (builds bn128 + workers; Node)',
    id: 'fresh-curve verify',
    setup: async () => void (await ensureProof()),
    // Drop the curve before each iteration, untimed, so every timed verify builds its own.
    beforeEach: releaseCurve,
    fn: verifyOnce,
    teardown: releaseCurve,
    warmup: 1,
    iterations: 5,
  },
  {
    name: 'circuit: Groth16 verify, warm (Node)',
    baseline: 'fresh-curve verify',
    setup: async () => void (await ensureProof()),
    fn: verifyOnce,
    teardown: releaseCurve,
    warmup: 3,
  },
]
