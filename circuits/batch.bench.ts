// Batch circuit benchmarks (`npm run bench circuit`): witness generation, Groth16 proving of a
// full 4-slot batch in Node, and warm verification, with the committed artifacts. The
// constraint count and artifact sizes come from the manifest and the files themselves.
import { statSync } from 'node:fs'
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

/**
 * snarkjs keeps its curve worker threads alive; terminate them after each benchmark so the
 * runner can exit (the next benchmark's warm-up rebuilds the curve). `terminate` clears the
 * global synchronously, so not awaiting it is safe.
 */
function sizesAndRelease(): Record<string, string | number> {
  void releaseCurve()
  const manifest = readManifest()
  return {
    constraints: manifest.constraints,
    zkey: MiB(statSync(ARTIFACT_PATHS.zkey).size),
    wasm: MiB(statSync(ARTIFACT_PATHS.wasm).size),
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'circuit: witness, 4-slot batch (WASM)',
    setup: async () => void (await fullBatch()),
    fn: async () => calculateWitness((await fullBatch()).circuitInput),
    warmup: 1,
    iterations: 5,
    metrics: () => {
      const { constraints } = readManifest()
      return { constraints }
    },
  },
  {
    name: 'circuit: Groth16 prove, 4-slot batch (Node, fullProve)',
    setup: async () => void (await fullBatch()),
    fn: async () => {
      proof = (await proveBatch((await fullBatch()).circuitInput, artifacts)).proof
    },
    warmup: 1,
    iterations: 3,
    metrics: sizesAndRelease,
  },
  {
    name: 'circuit: Groth16 verify, warm (Node)',
    setup: async () => {
      if (!proof) proof = (await proveBatch((await fullBatch()).circuitInput, artifacts)).proof
    },
    fn: async () => {
      const batch = await fullBatch()
      if (!(await verifyBatchProof(proof, batch.publicInputHash))) throw new Error('proof did not verify')
    },
    warmup: 3,
    metrics: sizesAndRelease,
  },
]
