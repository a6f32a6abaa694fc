/** Typed errors of the L1 module. */
import { BaseError, type BaseErrorParameters, registerErrorClasses } from '../protocol/errors.js'

/** An L1 JSON-RPC read failed. */
export class L1ReadError extends BaseError {
  override name = 'L1ReadError'
  static override readonly code: string = 'L1_READ_FAILED'
  constructor({ what }: { what: string }, parameters: BaseErrorParameters = {}) {
    super(`Reading ${what} from L1 failed.`, { ...parameters, data: { what, ...parameters.data } })
  }
}

/**
 * An event's transaction is not the direct call to the Rollup that emits it (the node reads the
 * records from the calldata of a direct `sequenceBatches` / `verifyBatches` call), or an event is
 * missing fields the contract always sets.
 */
export class UnexpectedL1DataError extends BaseError {
  override name = 'UnexpectedL1DataError'
  static override readonly code: string = 'UNEXPECTED_L1_DATA'
  constructor({ what, txHash, reason }: { what: string; txHash: string | null; reason: string }) {
    super(`Unexpected L1 data for ${what}: ${reason}.`, { data: { what, txHash, reason } })
  }
}

/** A deployment description is not valid (bad JSON, a missing contract). */
export class InvalidDeploymentError extends BaseError {
  override name = 'InvalidDeploymentError'
  static override readonly code: string = 'INVALID_DEPLOYMENT'
  constructor({ reason }: { reason: string }, parameters: BaseErrorParameters = {}) {
    super(`Invalid Lantern deployment: ${reason}.`, { ...parameters, data: { reason } })
  }
}

registerErrorClasses(L1ReadError, UnexpectedL1DataError, InvalidDeploymentError)
