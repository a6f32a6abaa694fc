import { BATCH_SLOTS } from '../constants.js'
import { BaseError, BatchFullError } from '../errors.js'
import type { KVStore } from '../store/kvStore.js'
import { BatchExecution } from './batchExecution.js'
import type { BatchContext, BatchOutcome, BatchResult, ExecutionOptions, SlotItem } from './types.js'

/** Options of `executeBatch`. */
export type ExecuteBatchOptions = ExecutionOptions & {
  /** Write the new state to the store (default true). With false, the store is never written. */
  commit?: boolean
}

/**
 * Executes a whole batch all-or-nothing: the items fill the first slots in order (the rest
 * are NOOP), every rule is checked, and the store is written in one atomic batch only if every
 * slot and the fee credit are valid. A rejected slot throws its typed error with `data.slot`
 * set, and the store is unchanged. Needs `loadCrypto()`.
 */
export async function executeBatch(
  store: KVStore,
  context: BatchContext,
  items: readonly SlotItem[],
  options: ExecuteBatchOptions = {},
): Promise<BatchResult> {
  if (items.length > BATCH_SLOTS) throw new BatchFullError({ slots: BATCH_SLOTS })
  const execution = await BatchExecution.start(store, context, options)
  for (const [slot, item] of items.entries()) {
    try {
      await execution.apply(item)
    } catch (error) {
      execution.discard()
      if (error instanceof BaseError) error.data.slot = slot
      throw error
    }
  }
  return finishExecution(execution, options.commit !== false)
}

/** Finalizes and (if asked) commits; on any failure the store is left untouched. */
export async function finishExecution(execution: BatchExecution, commit: boolean): Promise<BatchResult>
/** Finalizes without the circuit input (an execution with `witness: false`) and (if asked) commits. */
export async function finishExecution(execution: BatchExecution, commit: boolean, witness: false): Promise<BatchOutcome>
export async function finishExecution(execution: BatchExecution, commit: boolean, witness?: false): Promise<BatchResult | BatchOutcome> {
  try {
    const result = witness === false ? await execution.finalizeOutcome() : await execution.finalize()
    if (commit) await execution.commit()
    else execution.discard()
    return result
  } catch (error) {
    execution.discard()
    throw error
  }
}
