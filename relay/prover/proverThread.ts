// One prover worker thread (proveWorker.ts) and the messages it takes: one proof at a time,
// the circuit input in, the snarkjs proof (or the serialized error) out.
import { Worker } from 'node:worker_threads'
import { deserializeError, type SerializedError } from '../../src/protocol/errors'
import '../../src/prover/errors'
import type { Groth16Proof, ProverArtifacts } from '../../src/prover/types'
import { ProverWorkerError } from './errors'

export type ProveRequest = { type: 'prove'; id: number; circuitInput: unknown; artifacts: ProverArtifacts } | { type: 'close' }
export type ProveResponse = { id: number; proof: Groth16Proof } | { id: number; error: SerializedError }

const CLOSE_GRACE_MS = 5_000

export class ProverThread {
  private readonly worker: Worker
  private nextId = 1
  private pending: { id: number; resolve: (proof: Groth16Proof) => void; reject: (err: unknown) => void } | undefined
  private dead = false

  constructor(private readonly artifacts: ProverArtifacts, name: string) {
    this.worker = new Worker(new URL('./proveWorker.boot.mjs', import.meta.url), { name })
    this.worker.on('message', (response: ProveResponse) => {
      const p = this.pending
      if (!p || p.id !== response.id) return
      this.pending = undefined
      if ('proof' in response) p.resolve(response.proof)
      else p.reject(deserializeError(response.error))
    })
    const fail = (err: unknown) => {
      this.dead = true
      const p = this.pending
      this.pending = undefined
      p?.reject(new ProverWorkerError(`Prover thread ${name} stopped with a proof in flight.`, { cause: err }))
    }
    this.worker.on('error', fail)
    this.worker.on('exit', (code) => fail(new ProverWorkerError(`exit code ${code}`)))
  }

  /** True once the thread stopped (crashed or closed); make a new one. */
  get exited(): boolean {
    return this.dead
  }

  /** Proves one batch in the thread (witness + Groth16); one call at a time. */
  prove(circuitInput: unknown): Promise<Groth16Proof> {
    if (this.dead) return Promise.reject(new ProverWorkerError('The prover thread has exited.'))
    if (this.pending) return Promise.reject(new ProverWorkerError('The prover thread is busy.'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject }
      const request: ProveRequest = { type: 'prove', id, circuitInput, artifacts: this.artifacts }
      this.worker.postMessage(request)
    })
  }

  /** Lets the thread release its curve and exit; terminates it if that takes too long or a proof is in flight. */
  async close(): Promise<void> {
    if (this.dead) return
    const exit = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
    if (this.pending) {
      await this.worker.terminate()
      return
    }
    const request: ProveRequest = { type: 'close' }
    this.worker.postMessage(request)
    const timer = setTimeout(() => void this.worker.terminate(), CLOSE_GRACE_MS)
    await exit
    clearTimeout(timer)
  }
}
