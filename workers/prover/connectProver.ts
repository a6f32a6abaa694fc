/**
 * The page's handle on the prover worker: starts it on first use, rebuilds its typed errors
 * (ProofGenerationError, ArtifactDownloadError) on this side, and reports progress through a
 * comlink proxy.
 */
import { type Remote, proxy, wrap } from 'comlink'
import '../../src/prover/errors.js'
import { registerErrorTransfer } from '../node/errorTransfer.js'
import { ProverWorkerFailedError } from './errors.js'
import type { ProveRequest, ProveResponse, ProverApi, ProverProgress } from './proverApi.js'

export type ProverHandle = {
  prove(request: ProveRequest, onProgress?: (progress: ProverProgress) => void): Promise<ProveResponse>
  /** Terminates the worker (and snarkjs's threads with it). */
  close(): void
}

/** Starts a prover worker (default: workers/prover/prover.worker.ts as a module worker). */
export function connectProver(createWorker: () => Worker = defaultWorker): ProverHandle {
  registerErrorTransfer()
  let worker: Worker | undefined
  let remote: Remote<ProverApi> | undefined
  // A module worker that fails to load or dies only fires `error`: without this a call would never answer.
  let failed: Promise<never> = new Promise(() => {})
  const start = () => {
    const created = createWorker()
    failed = new Promise<never>((_, reject) => {
      created.addEventListener('error', (event) => {
        reject(new ProverWorkerFailedError({ reason: event.message || 'it failed to load' }))
        if (worker === created) {
          worker = undefined
          remote = undefined
        }
      })
    })
    failed.catch(() => {})
    worker = created
    remote = wrap<ProverApi>(created)
    return remote
  }
  return {
    prove(request, onProgress) {
      const api = remote ?? start()
      return Promise.race([api.prove(request, onProgress === undefined ? undefined : proxy(onProgress)), failed])
    },
    close() {
      worker?.terminate()
      worker = undefined
      remote = undefined
    },
  }
}

function defaultWorker(): Worker {
  return new Worker(new URL('./prover.worker.ts', import.meta.url), { type: 'module', name: 'lantern-prover' })
}
