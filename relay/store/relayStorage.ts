// The relay's storage seam. The sequencer, the pool and the RPC methods only see this
// interface; SQLite (sqliteStorage.ts) is the embedded implementation. A PostgreSQL backend
// would implement the same methods (docs/RPC.md describes that deployment). Every method that
// writes resolves only once the write is durable.
import type { KVBatchOp } from '../../src/protocol/store/kvStore'
import type { Hex } from '../../src/protocol/field'
import type { BatchRecord, PooledTx } from './records'

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
  /** Removes every batch after `number` and undoes its tree, account and pool writes, atomically. */
  rewindTo(number: number): Promise<RewindResult>
  /** A tree entry as it was right after batch `number` (from the undo log; the current value if no later batch wrote it). */
  kvAt(key: string, number: number): Promise<Uint8Array | undefined>
  accountIndexOf(address: bigint): Promise<number | undefined>
  getMeta(key: string): Promise<string | undefined>
  setMeta(key: string, value: string): Promise<void>
  close(): Promise<void>
}
