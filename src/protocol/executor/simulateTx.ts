import type { KVStore } from '../store/kvStore.js'
import type { ChainDomain } from '../tx/l2Tx.js'
import { BatchExecution } from './batchExecution.js'
import type { AppliedSlot, ExecutionOptions, SlotItem } from './types.js'

/**
 * Checks one item against the current state and returns its effect, without writing anything
 * (for the relay pool's admission check). Throws the same typed errors as batch execution.
 * To simulate behind other pending transactions, drive a BatchExecution and never commit it.
 * Needs `loadCrypto()`.
 */
export async function simulateTx(
  store: KVStore,
  domain: ChainDomain,
  item: SlotItem,
  options: ExecutionOptions = {},
): Promise<AppliedSlot> {
  const execution = await BatchExecution.start(
    store,
    { ...domain, batchNumber: 0n, feeAccountIndex: 0 },
    options,
  )
  try {
    return await execution.apply(item)
  } finally {
    execution.discard()
  }
}
