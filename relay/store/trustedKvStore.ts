// The trusted account tree's KVStore: an in-memory mirror of the `kv` table (loaded once; the
// whole tree of 2^16 accounts fits easily), read by the RPC methods and the sequencer. Writes
// never go straight to it: a batch stages them (`stage()`), the storage commits them with the
// batch record in one transaction, and only then does `apply()` make them visible.
import type { KVBatchOp, KVStore } from '../../src/protocol/store/kvStore'

export class TrustedKvStore implements KVStore {
  constructor(private readonly entries: Map<string, Uint8Array>) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.entries.get(key)
  }

  put(): Promise<void> {
    return Promise.reject(new TypeError('TrustedKvStore is written only through a staged batch'))
  }

  del(): Promise<void> {
    return this.put()
  }

  batch(): Promise<void> {
    return this.put()
  }

  /** A store whose reads see this one and whose writes are collected, not applied. */
  stage(): StagedKvStore {
    return new StagedKvStore(this)
  }

  /** Makes committed writes visible. Call only after they are durable. */
  apply(ops: readonly KVBatchOp[]): void {
    for (const op of ops) {
      if (op.type === 'put') this.entries.set(op.key, op.value)
      else this.entries.delete(op.key)
    }
  }
}

/**
 * Collects the writes of one batch (BatchExecution.commit() lands here). Its reads see its own
 * writes over its base, so the next batch of a group committed together can be staged on top
 * of it (`stage()`) before either is durable.
 */
export class StagedKvStore implements KVStore {
  readonly ops: KVBatchOp[] = []
  /** The last write per key; null marks a deletion. */
  private readonly written = new Map<string, Uint8Array | null>()
  constructor(private readonly base: TrustedKvStore | StagedKvStore) {}
  async get(key: string): Promise<Uint8Array | undefined> {
    const value = this.written.get(key)
    if (value === undefined) return this.base.get(key)
    return value ?? undefined
  }
  async put(key: string, value: Uint8Array): Promise<void> {
    this.record({ type: 'put', key, value: value.slice() })
  }
  async del(key: string): Promise<void> {
    this.record({ type: 'del', key })
  }
  async batch(ops: readonly KVBatchOp[]): Promise<void> {
    for (const op of ops) this.record(op.type === 'put' ? { ...op, value: op.value.slice() } : op)
  }
  /** A store for the next batch: reads see this one's writes; its own writes are collected apart. */
  stage(): StagedKvStore {
    return new StagedKvStore(this)
  }
  private record(op: KVBatchOp): void {
    this.ops.push(op)
    this.written.set(op.key, op.type === 'put' ? op.value : null)
  }
}
