/**
 * The storage seam of the protocol layer. Keys are strings (they name tree nodes and accounts,
 * e.g. `node/3/12`); values are byte arrays the protocol encodes itself. IndexedDB (in a
 * worker), SQLite (in the relay) and memory (in tests) all implement this in a few lines.
 */

/** One write of an atomic batch. */
export type KVBatchOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string }

/** A small async key-value store. Callers must not mutate values they pass in or get back. */
export interface KVStore {
  /** The value at `key`, or undefined if absent. */
  get(key: string): Promise<Uint8Array | undefined>
  /** Sets `key` to `value`. */
  put(key: string, value: Uint8Array): Promise<void>
  /** Removes `key` (no-op if absent). */
  del(key: string): Promise<void>
  /** Applies every op in order, atomically: all of them or none. */
  batch(ops: readonly KVBatchOp[]): Promise<void>
}
