import * as snarkjs from 'snarkjs'
import { ProofGenerationError } from '../../src/prover/errors.js'
import { loadArtifact } from '../../src/prover/loadArtifact.js'
import { parseGroth16Proof } from '../../src/prover/parseProof.js'
import { type ProveProgress, proveBatch } from '../../src/prover/proveBatch.js'
import { releaseCurve } from '../../src/prover/releaseCurve.js'
import { BATCH_VERIFICATION_KEY } from '../../src/prover/verificationKey.js'
import type { ProveRequest, ProveResponse, ProverApi, ProverProgress } from './proverApi.js'

/**
 * The prover worker's implementation, platform-independent apart from `fetch` and Cache Storage
 * (absent in Node: then artifacts are fetched each time the worker starts). The bytes of each
 * artifact are kept for the worker's life: a second proof reads nothing again.
 */
export function createProverService(options: { cacheName?: string | null } = {}): ProverApi {
  const loaded = new Map<string, Promise<Uint8Array>>()
  const load = (artifact: 'wasm' | 'zkey', url: string, onProgress: ((p: ProverProgress) => void) | undefined) => {
    let bytes = loaded.get(url)
    if (bytes === undefined) {
      bytes = loadArtifact({ url, cacheName: options.cacheName, onProgress: (p) => onProgress?.({ phase: 'download', artifact, ...p }) })
      // A failed download is retried by the next request, not remembered.
      bytes.catch(() => loaded.delete(url))
      loaded.set(url, bytes)
    }
    return bytes
  }

  return {
    async prove(request: ProveRequest, onProgress): Promise<ProveResponse> {
      const start = performance.now()
      const [wasm, zkey] = await Promise.all([
        load('wasm', request.artifacts.wasmUrl, onProgress),
        request.zkeyFrom === 'url' ? request.artifacts.zkeyUrl : load('zkey', request.artifacts.zkeyUrl, onProgress),
      ])
      const downloaded = performance.now()
      const steps: Record<string, number> = {}
      let stepName = 'witness'
      let stepStart = downloaded
      let witnessMs = 0
      const mark = (progress: ProveProgress) => {
        const now = performance.now()
        if (stepName === 'witness' && progress.phase === 'prove') witnessMs = now - downloaded
        else steps[stepName] = now - stepStart
        if (progress.phase === 'prove') stepName = progress.step
        stepStart = now
        onProgress?.(progress)
      }
      let proof: ProveResponse['proof']
      let publicSignals: string[]
      if (request.threads === 'single') {
        // proveBatch uses snarkjs's shared threaded curve; the single-threaded variant builds its own per proof.
        mark({ phase: 'witness' })
        const witness = { type: 'mem' as const }
        try {
          await snarkjs.wtns.calculate(request.circuitInput, wasm, witness)
          mark({ phase: 'prove', step: 'single-threaded prove', fraction: 0 })
          const result = await (snarkjs.groth16.prove as (...args: unknown[]) => ReturnType<typeof snarkjs.groth16.prove>)(zkey, witness, undefined, { singleThread: true })
          proof = parseGroth16Proof(result.proof)
          publicSignals = result.publicSignals
        } catch (cause) {
          throw new ProofGenerationError({ cause })
        }
        mark({ phase: 'prove', step: 'done', fraction: 1 })
      } else {
        const result = await proveBatch(request.circuitInput, { wasm, zkey }, BATCH_VERIFICATION_KEY, { onProgress: mark })
        proof = result.proof
        publicSignals = [...result.publicSignals]
      }
      delete steps.done
      const end = performance.now()
      return { proof, publicSignals, timings: { downloadMs: downloaded - start, witnessMs, proveMs: end - downloaded - witnessMs, totalMs: end - start, steps } }
    },

    async release() {
      loaded.clear()
      await releaseCurve()
    },
  }
}
