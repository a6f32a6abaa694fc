import { TxType, isL2TxType, isPriorityOpType } from '../constants.js'
import { BaseError, PriorityOpMismatchError } from '../errors.js'
import type { KVStore } from '../store/kvStore.js'
import { decodeBatchTxs } from '../tx/batchTxs.js'
import { unpackTx } from '../tx/packTx.js'
import { type PriorityOp, packedOp } from '../tx/priorityOp.js'
import { BatchExecution } from './batchExecution.js'
import { type ExecuteBatchOptions, finishExecution } from './executeBatch.js'
import type { BatchContext, BatchResult } from './types.js'

/** What a light node knows about a virtual batch from L1 alone. */
export type CalldataBatch = {
  /** The `txs` bytes of the batch's BatchData. */
  txs: Uint8Array
  /**
   * The priority queue from the batch's first unconsumed op on (at least as many ops as the
   * batch has priority slots), in queue order, from the contract's events.
   */
  priorityOps: readonly PriorityOp[]
}

/**
 * Re-executes a sequenced batch from its calldata, without signatures (§6.1): decodes the
 * slots with the contract's checks, matches every priority slot against the next queued op
 * (else PriorityOpMismatchError), takes each L2 transaction's nonce from its sender's leaf, and
 * checks every other rule. The result's circuit input carries zero signatures, so it is for
 * comparison, not for proving. Atomic like `executeBatch`. Needs `loadCrypto()`.
 */
export async function executeBatchFromCalldata(
  store: KVStore,
  context: BatchContext,
  batch: CalldataBatch,
  options: Omit<ExecuteBatchOptions, 'verifySignatures' | 'otherDomains'> = {},
): Promise<BatchResult> {
  const slots = decodeBatchTxs(batch.txs)
  const execution = await BatchExecution.start(store, context, { ...options, verifySignatures: false })
  let nextOp = 0
  for (const [slot, packed] of slots.entries()) {
    try {
      const fields = unpackTx(packed)
      if (fields.type === TxType.NOOP) {
        await execution.apply({ kind: 'noop' })
      } else if (isPriorityOpType(fields.type)) {
        const op = batch.priorityOps[nextOp]
        if (op === undefined || packedOp(op) !== packed) {
          throw new PriorityOpMismatchError({ slot, expected: op === undefined ? null : packedOp(op), actual: packed })
        }
        await execution.apply({ kind: 'priority', op })
        nextOp++
      } else if (isL2TxType(fields.type)) {
        // Calldata carries no nonce: the transaction consumed its sender's current one.
        const sender = await execution.getAccount(fields.fromIndex)
        const { type, fromIndex: from, toIndex: to, amount, fee } = fields
        await execution.apply({ kind: 'l2', tx: { type, from, to, amount, fee, nonce: sender.nonce } })
      }
    } catch (error) {
      execution.discard()
      if (error instanceof BaseError) error.data.slot = slot
      throw error
    }
  }
  return finishExecution(execution, options.commit !== false)
}
