// The relay's storage seam. The sequencer, the pool and the RPC methods only see this
// interface; SQLite (sqliteStorage.ts) is the embedded implementation. A PostgreSQL backend
// would implement the same methods (docs/RPC.md describes that deployment). Every method that
// writes resolves only once the write is durable.
import type { KVBatchOp, KVStore } from '../../src/protocol/store/kvStore'
import type { Hex } from '../../src/protocol/field'
import { BaseError, registerErrorClasses } from '../errors'
import type { BatchRecord, PooledTx } from './records'

/** A read or rewind reaches before the oldest batch whose history the storage still keeps (`pruneHistory`). */
export class HistoryPrunedError extends BaseError {
  override name = 'HistoryPrunedError'
  static override readonly code: string = 'RELAY_HISTORY_PRUNED'
  constructor({ batch, historyFrom }: { batch: number; historyFrom: number }) {
    super(`The state after batch ${batch} is no longer kept: the relay keeps it from batch ${historyFrom} on.`, { data: { batch, historyFrom } })
  }
}
registerErrorClasses(HistoryPrunedError)

export type BatchCommit = {
  batch: BatchRecord
  /** The account-tree writes of the batch (from BatchExecution over a StagedKvStore). */
  kvOps: readonly KVBatchOp[]
  /** Pool entries the batch consumed or made obsolete. */
  removePoolHashes: readonly Hex[]
  /** L1 address → account index, for accounts the batch created. */
  accounts: readonly (readonly [address: bigint, index: number])[]
}

/** What undoing batches changed, for the in-memory mirrors to follow. */
export type RewindResult = {
  /** Tree writes that restore the state after the batch rewound to. */
  kvOps: KVBatchOp[]
  /** Pool entries the removed batches had consumed or dropped, back in the pool. */
  restoredPool: PooledTx[]
}

export interface RelayStorage {
  /** Every account-tree entry (loaded once at start; the tree is small). */
  loadKv(): Promise<Map<string, Uint8Array>>
  loadPool(): Promise<PooledTx[]>
  /** Adds and removes pool entries in one durable transaction. */
  writePool(add: readonly PooledTx[], remove: readonly Hex[]): Promise<void>
  /** Persists a trusted batch with its tree writes and pool removals, atomically. */
  commitBatch(commit: BatchCommit): Promise<void>
  /** Persists consecutive trusted batches in one durable transaction (all or none): one sync for many. */
  commitBatches(commits: readonly BatchCommit[]): Promise<void>
  head(): Promise<BatchRecord | undefined>
  getBatch(number: number): Promise<BatchRecord | undefined>
  getBatchByHash(hash: Hex): Promise<BatchRecord | undefined>
  /** Where a transaction (or priority op) hash was included. */
  findTx(hash: Hex): Promise<{ batchNumber: number; slot: number } | undefined>
  /** Removes every batch after `number` and undoes its tree, account and pool writes, atomically; HistoryPrunedError before `historyFrom()`. */
  rewindTo(number: number): Promise<RewindResult>
  /** A tree entry as it was right after batch `number` (from the undo log; the current value if no later batch wrote it); HistoryPrunedError before `historyFrom()`. */
  kvAt(key: string, number: number): Promise<Uint8Array | undefined>
  /** The oldest batch whose state `kvAt` can read and `rewindTo` can return to (0 until pruned). */
  historyFrom(): Promise<number>
  /** Forgets the undo log of batches up to `from` (≤ the head), so `historyFrom()` becomes `from`; the batches themselves stay. */
  pruneHistory(from: number): Promise<void>
  accountIndexOf(address: bigint): Promise<number | undefined>
  getMeta(key: string): Promise<string | undefined>
  setMeta(key: string, value: string): Promise<void>
  /**
   * `setMeta` without waiting for the disk: the value becomes durable with the next durable
   * write, and a power loss before that may lose it. Only for values a restart may safely find
   * older: postedThrough (the sink then skips what L1 already holds).
   */
  setMetaLazily(key: string, value: string): Promise<void>
  close(): Promise<void>
}

/** The tree entries as they were right after batch `number`, read-only, through `storage.kvAt` (so HistoryPrunedError before `historyFrom()`). */
export function kvStoreAfter(storage: Pick<RelayStorage, 'kvAt'>, number: number): KVStore {
  const readOnly = () => Promise.reject(new TypeError('a past state is read-only'))
  return { get: (key) => storage.kvAt(key, number), put: readOnly, del: readOnly, batch: readOnly }
}
