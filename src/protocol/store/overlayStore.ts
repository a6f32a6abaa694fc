import type { KVBatchOp, KVStore } from './kvStore.js'

/**
 * A write buffer over another store: reads see the buffered writes first, writes stay in
 * memory until `commit()` sends them to the base store as one atomic `batch`, and `discard()`
 * forgets them. Overlays nest, which is how the executor applies a batch atomically (one
 * overlay for the batch) and rolls back a rejected transaction (one overlay per slot).
 */
export class OverlayStore implements KVStore {
  /** Buffered writes; `null` marks a deletion. */
  private readonly pending = new Map<string, Uint8Array | null>()

  constructor(readonly base: KVStore) {}

  /** Number of buffered writes. */
  get pendingCount(): number {
    return this.pending.size
  }

  /** The buffered value if any, else the base store's. */
  async get(key: string): Promise<Uint8Array | undefined> {
    const value = this.pending.get(key)
    if (value === undefined) return this.base.get(key)
    return value ?? undefined
  }

  /** Buffers a write. */
  async put(key: string, value: Uint8Array): Promise<void> {
    this.pending.set(key, value.slice())
  }

  /** Buffers a deletion. */
  async del(key: string): Promise<void> {
    this.pending.set(key, null)
  }

  /** Buffers every op, in order. */
  async batch(ops: readonly KVBatchOp[]): Promise<void> {
    for (const op of ops) this.pending.set(op.key, op.type === 'put' ? op.value.slice() : null)
  }

  /** The buffered writes as batch ops (the last write per key). */
  pendingOps(): KVBatchOp[] {
    const ops: KVBatchOp[] = []
    for (const [key, value] of this.pending) {
      ops.push(value === null ? { type: 'del', key } : { type: 'put', key, value })
    }
    return ops
  }

  /** Writes the buffer to the base store in one atomic batch, then empties it. */
  async commit(): Promise<void> {
    const ops = this.pendingOps()
    if (ops.length > 0) await this.base.batch(ops)
    this.pending.clear()
  }

  /** Forgets every buffered write. */
  discard(): void {
    this.pending.clear()
  }
}
