// Failures of the relay's proving side that are not the prover's fault (those are the RPC's
// InvalidProofError / UnknownProverJobError in src/rpc/errors.ts).
import { BaseError, registerErrorClasses } from '../errors'

/** A sequenced batch the relay cannot make a job of: it is not in the relay's storage. */
export class ProverInputError extends BaseError {
  override name = 'ProverInputError'
  static override readonly code: string = 'RELAY_PROVER_INPUT'
}

/** A prover worker thread died or was stopped with a proof in flight. */
export class ProverWorkerError extends BaseError {
  override name = 'ProverWorkerError'
  static override readonly code: string = 'RELAY_PROVER_WORKER'
}

registerErrorClasses(ProverInputError, ProverWorkerError)
