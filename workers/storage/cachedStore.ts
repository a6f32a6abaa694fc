import type { KVBatchOp } from '../../src/protocol/store/kvStore.js'
import type { Durability } from './idbStore.js'

/** The store a CachedStore wraps (an IdbStore in the node worker). */
export type CacheableStore = {
  get(key: string): Promise<Uint8Array | undefined>
  batch(ops: readonly KVBatchOp[], options?: { durability?: Durability }): Promise<void>
  close(): void
}

/** Marks a key known to be absent. */
const ABSENT = null

/**
 * A read-through cache over the node's store, absences included. Every account-tree update reads
 * 16 siblings, most of them never written; each read from IndexedDB is a transaction of its own,
 * which dominated a sync. Coherent because only the tab holding the node's lock opens the
 * database, and every write goes through here. Values are shared: callers must not mutate them
 * (the KVStore contract). When it holds `maxEntries` keys it starts over.
 */
export class CachedStore implements CacheableStore {
  private readonly cache = new Map<string, Uint8Array | typeof ABSENT>()

  constructor(
    private readonly base: CacheableStore,
    private readonly maxEntries = 1 << 18,
  ) {}

  /** The value at `key`, from memory when it was read or written before. */
  async get(key: string): Promise<Uint8Array | undefined> {
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached ?? undefined
    const value = await this.base.get(key)
    this.remember(key, value ?? ABSENT)
    return value
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    await this.batch([{ type: 'put', key, value }])
  }

  async del(key: string): Promise<void> {
    await this.batch([{ type: 'del', key }])
  }

  /** Writes through; the cache learns the new values only once the write committed. */
  async batch(ops: readonly KVBatchOp[], options?: { durability?: Durability }): Promise<void> {
    try {
      await this.base.batch(ops, options)
    } catch (error) {
      for (const op of ops) this.cache.delete(op.key)
      throw error
    }
    for (const op of ops) this.remember(op.key, op.type === 'put' ? op.value.slice() : ABSENT)
  }

  close(): void {
    this.cache.clear()
    this.base.close()
  }

  private remember(key: string, value: Uint8Array | typeof ABSENT): void {
    if (this.cache.size >= this.maxEntries && !this.cache.has(key)) this.cache.clear()
    this.cache.set(key, value)
  }
}
