/**
 * The page's handle on the prover worker: starts it on first use, rebuilds its typed errors
 * (ProofGenerationError, ArtifactDownloadError) on this side, and reports progress through a
 * comlink proxy.
 */
import { type Remote, proxy, wrap } from 'comlink'
import '../../src/prover/errors.js'
import { registerErrorTransfer } from '../node/errorTransfer.js'
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
  return {
    prove(request, onProgress) {
      worker ??= createWorker()
      remote ??= wrap<ProverApi>(worker)
      return remote.prove(request, onProgress === undefined ? undefined : proxy(onProgress))
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
