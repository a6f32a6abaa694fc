/**
 * Typed errors of the light node (storage, synchronizer), registered with src/protocol's error
 * registry next to their definition, so an error thrown in the node worker is rebuilt as the same
 * class in the page. Importing this module also registers src/l1's and src/prover's classes (the
 * other errors the node throws), so `deserializeNodeError` knows every class that can cross.
 */
import '../src/l1/errors.js'
import '../src/prover/errors.js'
import { BaseError, type BaseErrorParameters, type SerializedError, deserializeError, registerErrorClasses } from '../src/protocol/errors.js'

/** The database was closed (another tab upgraded it, or the browser terminated it). */
export class StorageClosedError extends BaseError {
  override name = 'StorageClosedError'
  static override readonly code: string = 'STORAGE_CLOSED'
  constructor({ reason }: { reason: string }) {
    super('The local database is closed.', {
      details: reason,
      metaMessages: ['Reload the page: a newer version of the app may be open in another tab.'],
      data: { reason },
    })
  }
}

/** The database on disk is newer than this code (a newer app version upgraded it). */
export class StorageVersionError extends BaseError {
  override name = 'StorageVersionError'
  static override readonly code: string = 'STORAGE_VERSION'
  constructor({ found, supported }: { found: number; supported: number }, parameters: BaseErrorParameters = {}) {
    super(`The local database is at schema version ${found}; this app supports up to ${supported}.`, {
      ...parameters,
      data: { found, supported },
    })
  }
}

/** IndexedDB refused a read or a write (quota, disk, private mode). */
export class StorageFailedError extends BaseError {
  override name = 'StorageFailedError'
  static override readonly code: string = 'STORAGE_FAILED'
  constructor({ operation, quota }: { operation: string; quota: boolean }, parameters: BaseErrorParameters = {}) {
    super(quota ? `The browser's storage quota is exhausted (${operation}).` : `The local database failed (${operation}).`, {
      ...parameters,
      data: { operation, quota },
    })
  }
}

/** A node command was called before the node was started, or after it was stopped. */
export class NodeNotRunningError extends BaseError {
  override name = 'NodeNotRunningError'
  static override readonly code: string = 'NODE_NOT_RUNNING'
  constructor({ state }: { state: string }) {
    super(`The light node is ${state}.`, { data: { state } })
  }
}

/** The database belongs to another deployment (chain, Rollup address or deployment block). */
export class DeploymentMismatchError extends BaseError {
  override name = 'DeploymentMismatchError'
  static override readonly code: string = 'DEPLOYMENT_MISMATCH'
  constructor({ stored, expected }: { stored: { chainId: bigint; rollupAddress: bigint }; expected: { chainId: bigint; rollupAddress: bigint } }) {
    super('The local database belongs to another Lantern deployment.', {
      metaMessages: [
        `Stored: chain ${stored.chainId}, rollup 0x${stored.rollupAddress.toString(16).padStart(40, '0')}`,
        `Expected: chain ${expected.chainId}, rollup 0x${expected.rollupAddress.toString(16).padStart(40, '0')}`,
      ],
      data: { storedChainId: stored.chainId.toString(), expectedChainId: expected.chainId.toString() },
    })
  }
}

/** An L1 reorg reaches further back than the undo history the node keeps: it must re-sync from genesis. */
export class ReorgBeyondHistoryError extends BaseError {
  override name = 'ReorgBeyondHistoryError'
  static override readonly code: string = 'REORG_BEYOND_HISTORY'
  constructor({ block, retainedSteps }: { block: bigint; retainedSteps: number }) {
    super(`L1 no longer has block ${block}, and the reorg goes past the ${retainedSteps} sync steps kept for rewinding.`, {
      metaMessages: ['Clear the local data to re-sync from genesis.'],
      data: { block: block.toString(), retainedSteps },
    })
  }
}

/** The tab running the node left while this tab's call was in flight; the call may or may not have run. Retry it. */
export class NodeLeaderChangedError extends BaseError {
  override name = 'NodeLeaderChangedError'
  static override readonly code: string = 'NODE_LEADER_CHANGED'
  constructor() {
    super('The tab running the light node closed before answering; retry.', {})
  }
}

/** No claim proof for this batch and slot: the batch is not consolidated here, or the slot has no exit. */
export class ClaimNotAvailableError extends BaseError {
  override name = 'ClaimNotAvailableError'
  static override readonly code: string = 'CLAIM_NOT_AVAILABLE'
  constructor({ batchNumber, slot, reason }: { batchNumber: bigint; slot: number; reason: string }) {
    super(`No claim for batch ${batchNumber} slot ${slot}: ${reason}.`, { data: { batchNumber: batchNumber.toString(), slot, reason } })
  }
}

registerErrorClasses(
  StorageClosedError,
  StorageVersionError,
  StorageFailedError,
  NodeNotRunningError,
  DeploymentMismatchError,
  ReorgBeyondHistoryError,
  NodeLeaderChangedError,
  ClaimNotAvailableError,
)

/** Rebuilds a serialized error as its registered class (node, L1, prover, protocol; BaseError for an unknown code). */
export function deserializeNodeError(serialized: SerializedError): BaseError {
  return deserializeError(serialized)
}
