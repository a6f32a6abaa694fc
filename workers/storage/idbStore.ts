import type { IDBPDatabase } from 'idb'
import type { KVBatchOp, KVStore } from '../../src/protocol/store/kvStore.js'
import { StorageClosedError, StorageFailedError } from '../errors.js'
import { isQuotaError } from './openNodeDatabase.js'
import { KV_STORE } from './schema.js'

/** Durability of a write: `strict` waits until the data is on disk (checkpoints), `relaxed` does not. */
export type Durability = 'strict' | 'relaxed'

/**
 * The protocol's KVStore over the node database's `kv` object store. Each call is one
 * IndexedDB transaction whose requests are all issued synchronously before the first await, so
 * a transaction never waits on anything else (a network read awaited inside one would let it
 * auto-commit half done). `batch` is atomic: IndexedDB commits all of it or none.
 */
export class IdbStore implements KVStore {
  private closedReason: string | undefined

  constructor(private readonly db: IDBPDatabase) {}

  /** Marks the store closed (the connection was closed under it); later calls throw StorageClosedError. */
  markClosed(reason: string): void {
    this.closedReason = reason
  }

  /** Closes the connection. */
  close(): void {
    this.markClosed('closed by this tab')
    this.db.close()
  }

  private assertOpen(): void {
    if (this.closedReason !== undefined) throw new StorageClosedError({ reason: this.closedReason })
  }

  /** The value at `key`, or undefined. */
  async get(key: string): Promise<Uint8Array | undefined> {
    this.assertOpen()
    try {
      const value: unknown = await this.db.get(KV_STORE, key)
      return value === undefined ? undefined : (value as Uint8Array)
    } catch (cause) {
      throw this.failure('get', cause)
    }
  }

  /** Sets `key` to a copy of `value`. */
  async put(key: string, value: Uint8Array): Promise<void> {
    await this.batch([{ type: 'put', key, value }])
  }

  /** Removes `key`. */
  async del(key: string): Promise<void> {
    await this.batch([{ type: 'del', key }])
  }

  /** Applies every op in one transaction (`relaxed` durability unless told otherwise): all or none. */
  async batch(ops: readonly KVBatchOp[], options: { durability?: Durability } = {}): Promise<void> {
    this.assertOpen()
    if (ops.length === 0) return
    let tx
    try {
      tx = this.db.transaction(KV_STORE, 'readwrite', { durability: options.durability ?? 'relaxed' })
    } catch (cause) {
      throw this.failure('batch', cause)
    }
    const store = tx.objectStore(KV_STORE)
    const requests: Promise<unknown>[] = []
    try {
      for (const op of ops) requests.push(op.type === 'put' ? store.put(op.value.slice(), op.key) : store.delete(op.key))
    } catch (cause) {
      // A request refused synchronously (a bad key) must not let the ones queued before it commit.
      tx.abort()
      tx.done.catch(() => undefined)
      for (const request of requests) request.catch(() => undefined)
      throw this.failure('batch', cause)
    }
    // A failed request aborts the transaction; its rejection is reported once, through tx.done.
    for (const request of requests) request.catch(() => undefined)
    try {
      await tx.done
    } catch (cause) {
      throw this.failure('batch', tx.error ?? cause)
    }
  }

  /** Every key starting with `prefix`, in order (one read transaction). */
  async keys(prefix: string): Promise<string[]> {
    this.assertOpen()
    try {
      const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`)
      return (await this.db.getAllKeys(KV_STORE, range)) as string[]
    } catch (cause) {
      throw this.failure('keys', cause)
    }
  }

  private failure(operation: string, cause: unknown): Error {
    if (this.closedReason !== undefined) return new StorageClosedError({ reason: this.closedReason })
    if (cause instanceof DOMException && cause.name === 'InvalidStateError') {
      return new StorageClosedError({ reason: 'the connection was closed' })
    }
    return new StorageFailedError({ operation, quota: isQuotaError(cause) }, { cause })
  }
}
