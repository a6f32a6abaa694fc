/**
 * The prover worker's command/response protocol (over comlink): prove one batch from its circuit
 * input, with the witness generator and proving key loaded on demand (Cache Storage first), and
 * every phase reported — download, witness, prove — with the time each took.
 */
import type { ArtifactProgress } from '../../src/prover/loadArtifact.js'
import type { ProveProgress } from '../../src/prover/proveBatch.js'
import type { BatchCircuitInput, Groth16Proof } from '../../src/prover/types.js'

/** Where the worker finds the artifacts (URLs of this origin; the app's come from artifactUrls.ts). */
export type ProverArtifactUrls = { wasmUrl: string; zkeyUrl: string }

export type ProverProgress = ({ phase: 'download'; artifact: 'wasm' | 'zkey' } & ArtifactProgress) | ProveProgress

export type ProveRequest = {
  circuitInput: BatchCircuitInput
  artifacts: ProverArtifactUrls
  /**
   * How snarkjs runs (measured by the browser-prove bench): `threads` (default) spreads FFTs and
   * multi-exponentiations over ffjavascript's worker threads; `single` runs them in this worker.
   */
  threads?: 'threads' | 'single'
  /** `bytes` (default): the zkey is read into memory once (Cache Storage) and kept; `url`: snarkjs fetches it itself every time. */
  zkeyFrom?: 'bytes' | 'url'
}

/** Milliseconds spent in each phase inside the worker; `steps` splits `proveMs` by snarkjs step. */
export type ProveTimings = { downloadMs: number; witnessMs: number; proveMs: number; totalMs: number; steps: Record<string, number> }

export type ProveResponse = { proof: Groth16Proof; publicSignals: string[]; timings: ProveTimings }

export type ProverApi = {
  prove(request: ProveRequest, onProgress?: (progress: ProverProgress) => void): Promise<ProveResponse>
  /** Ends snarkjs's threads and drops the artifacts kept in memory. */
  release(): Promise<void>
}
