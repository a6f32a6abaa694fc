/**
 * The light node's IndexedDB schema. One object store, `kv`, holds every key of the node under
 * its own prefix (the account tree under `tree/`, batches, ops, checkpoints): the protocol
 * layer's KVStore is the only shape the node needs, and one store keeps every commit a single
 * transaction. A migration upgrades version `i` to `i + 1` inside the `versionchange`
 * transaction; migrations are append-only and never edited once released.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb'

/** The key-value object store. */
export const KV_STORE = 'kv'

/** One step of the schema: upgrades the database from version `index` to `index + 1`. */
export type Migration = (db: IDBPDatabase, tx: IDBPTransaction<unknown, string[], 'versionchange'>) => void

/** The released migrations; the schema version is their count. */
export const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: the key-value store (string keys, Uint8Array values).
  (db) => {
    db.createObjectStore(KV_STORE)
  },
]

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length
