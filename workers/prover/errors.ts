/** Typed errors of proving in the browser for the relay (the relay's own are in src/rpc/errors.ts). */
import { BaseError, registerErrorClasses } from '../../src/protocol/errors.js'

/** The relay has no job for this batch: already proven, not sequenced yet, or unknown. */
export class NoProverJobError extends BaseError {
  override name = 'NoProverJobError'
  static override readonly code: string = 'NO_PROVER_JOB'
  constructor({ batchNumber }: { batchNumber: bigint }) {
    super(`The relay has nothing to prove for batch ${batchNumber}.`, {
      metaMessages: ['It is proven already, or not sequenced on L1 yet.'],
      data: { batchNumber: batchNumber.toString() },
    })
  }
}

/** The public inputs the circuit computed from the job's witness input are not the ones the relay will check the proof against. */
export class ProverJobMismatchError extends BaseError {
  override name = 'ProverJobMismatchError'
  static override readonly code: string = 'PROVER_JOB_MISMATCH'
  constructor({ batchNumber, index }: { batchNumber: bigint; index: number }) {
    super(`The relay's job for batch ${batchNumber} is inconsistent: public input ${index} differs from the proof's; nothing was submitted.`, {
      data: { batchNumber: batchNumber.toString(), index },
    })
  }
}

/** The relay answered something that is not JSON-RPC 2.0 of the expected shape. */
export class RelayResponseError extends BaseError {
  override name = 'RelayResponseError'
  static override readonly code: string = 'RELAY_RESPONSE_INVALID'
  constructor({ method, reason }: { method: string; reason: string }, parameters: { cause?: unknown } = {}) {
    super(`The relay's answer to ${method} is malformed: ${reason}.`, { ...parameters, data: { method, reason } })
  }
}

/** The relay did not answer (down, or offline): nothing was submitted. */
export class RelayUnreachableError extends BaseError {
  override name = 'RelayUnreachableError'
  static override readonly code: string = 'RELAY_UNREACHABLE'
  constructor({ url }: { url: string }, parameters: { cause?: unknown } = {}) {
    super(`The relay at ${url} is unreachable.`, { ...parameters, metaMessages: ['Nothing was submitted; retry when it is back.'], data: { url } })
  }
}

/** The batch is not verified on L1, or L1 no longer shows the verifyBatches call the node recorded. */
export class BatchNotVerifiedHereError extends BaseError {
  override name = 'BatchNotVerifiedHereError'
  static override readonly code: string = 'BATCH_NOT_VERIFIED_HERE'
  constructor({ batchNumber }: { batchNumber: bigint }) {
    super(`Batch ${batchNumber} has no proof on L1 that this node re-executed and recorded.`, { data: { batchNumber: batchNumber.toString() } })
  }
}

/** The prover worker failed to load or crashed (out of memory, a broken build); the proof was not made. */
export class ProverWorkerFailedError extends BaseError {
  override name = 'ProverWorkerFailedError'
  static override readonly code: string = 'PROVER_WORKER_FAILED'
  constructor({ reason }: { reason: string }) {
    super(`The prover worker stopped: ${reason}.`, { metaMessages: ['Reload the page and retry; proving needs about 1 GB of memory.'], data: { reason } })
  }
}

registerErrorClasses(ProverWorkerFailedError, BatchNotVerifiedHereError, NoProverJobError, ProverJobMismatchError, RelayResponseError, RelayUnreachableError)
