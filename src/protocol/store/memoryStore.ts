import type { KVBatchOp, KVStore } from './kvStore.js'

/** A KVStore in a Map: for tests and for short-lived scratch state. */
export class MemoryStore implements KVStore {
  private readonly entries = new Map<string, Uint8Array>()

  /** Number of keys stored. */
  get size(): number {
    return this.entries.size
  }

  /** The value at `key`, or undefined. */
  async get(key: string): Promise<Uint8Array | undefined> {
    return this.entries.get(key)
  }

  /** Stores a copy of `value` at `key`. */
  async put(key: string, value: Uint8Array): Promise<void> {
    this.entries.set(key, value.slice())
  }

  /** Removes `key`. */
  async del(key: string): Promise<void> {
    this.entries.delete(key)
  }

  /** Applies the ops in order; a Map write cannot fail halfway, so this is atomic. */
  async batch(ops: readonly KVBatchOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') this.entries.set(op.key, op.value.slice())
      else this.entries.delete(op.key)
    }
  }

  /** Every key, for tests and debugging. */
  keys(): string[] {
    return [...this.entries.keys()]
  }
}
