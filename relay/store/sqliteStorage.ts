// RelayStorage on SQLite (better-sqlite3): one file under the data dir, WAL journal,
// synchronous=FULL so a committed transaction survives power loss before anyone is told it
// happened. better-sqlite3 is synchronous: each write below is one SQLite transaction that has
// hit the disk when the call returns.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Hex } from '../../src/protocol/field'
import type { KVBatchOp } from '../../src/protocol/store/kvStore'
import { parseL2Tx, serializeL2Tx } from '../../src/protocol/tx/l2TxJson'
import { BaseError, registerErrorClasses } from '../errors'
import type { BatchRecord, PooledTx } from './records'
import type { BatchCommit, RelayStorage } from './relayStorage'

/** The database file cannot be opened or has a schema this relay does not know. */
export class StorageOpenError extends BaseError {
  override name = 'StorageOpenError'
  static override readonly code: string = 'RELAY_STORAGE_OPEN_FAILED'
}
registerErrorClasses(StorageOpenError)

// 2: protocol-v2 batch records (record bytes, public inputs, accInputHash). A version-1 file
// (v1 records) is refused rather than misread: start v2 relays on a fresh data dir.
const SCHEMA_VERSION = 2

const MIGRATION = `
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pool (
  hash TEXT PRIMARY KEY,
  from_index INTEGER NOT NULL,
  nonce INTEGER NOT NULL,
  tx TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  key_x TEXT NOT NULL,
  key_y TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS pool_sender_nonce ON pool (from_index, nonce);
CREATE TABLE IF NOT EXISTS batches (number INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batch_txs (hash TEXT PRIMARY KEY, batch_number INTEGER NOT NULL, slot INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS accounts (address TEXT PRIMARY KEY, account_index INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`

// Bigints and byte arrays inside batch records, tagged so the reviver restores them exactly.
function encodeRecord(record: BatchRecord): string {
  return JSON.stringify(record, (_key, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`
    if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('hex') }
    return value
  })
}

function decodeRecord(text: string): BatchRecord {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'string' && /^-?\d+n$/.test(value)) return BigInt(value.slice(0, -1))
    if (typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
      return new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'hex'))
    }
    return value
  }) as BatchRecord
}

/** Opens (creating if needed) the relay database at `file` (`:memory:` for tests). */
export function openSqliteStorage(file: string): RelayStorage {
  let db: Database.Database
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.exec(MIGRATION)
    const version = db.pragma('user_version', { simple: true }) as number
    if (version === 0) db.pragma(`user_version = ${SCHEMA_VERSION}`)
    else if (version !== SCHEMA_VERSION) throw new StorageOpenError(`Schema version ${version}, expected ${SCHEMA_VERSION}.`, { details: version < SCHEMA_VERSION ? 'written by an older relay (protocol v1); start with a fresh data dir' : 'written by a newer relay' })
  } catch (err) {
    if (err instanceof StorageOpenError) throw err
    throw new StorageOpenError(`Cannot open the relay database ${file}.`, { cause: err })
  }

  const s = {
    kvAll: db.prepare<[], { key: string; value: Buffer }>('SELECT key, value FROM kv'),
    kvPut: db.prepare<[string, Buffer]>('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    kvDel: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
    poolAll: db.prepare<[], { hash: string; tx: string; received_at: number; key_x: string; key_y: string }>(
      'SELECT hash, tx, received_at, key_x, key_y FROM pool ORDER BY received_at, rowid',
    ),
    poolInsert: db.prepare<[string, number, number, string, number, string, string]>(
      'INSERT INTO pool (hash, from_index, nonce, tx, received_at, key_x, key_y) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    poolDelete: db.prepare<[string]>('DELETE FROM pool WHERE hash = ?'),
    batchInsert: db.prepare<[number, string, string]>('INSERT INTO batches (number, hash, record) VALUES (?, ?, ?)'),
    batchHead: db.prepare<[], { record: string }>('SELECT record FROM batches ORDER BY number DESC LIMIT 1'),
    batchByNumber: db.prepare<[number], { record: string }>('SELECT record FROM batches WHERE number = ?'),
    batchByHash: db.prepare<[string], { record: string }>('SELECT record FROM batches WHERE hash = ?'),
    txInsert: db.prepare<[string, number, number]>('INSERT INTO batch_txs (hash, batch_number, slot) VALUES (?, ?, ?)'),
    txFind: db.prepare<[string], { batch_number: number; slot: number }>('SELECT batch_number, slot FROM batch_txs WHERE hash = ?'),
    accountInsert: db.prepare<[string, number]>('INSERT OR IGNORE INTO accounts (address, account_index) VALUES (?, ?)'),
    accountFind: db.prepare<[string], { account_index: number }>('SELECT account_index FROM accounts WHERE address = ?'),
    metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    metaSet: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  }

  const writeKv = (ops: readonly KVBatchOp[]) => {
    for (const op of ops) {
      if (op.type === 'put') s.kvPut.run(op.key, Buffer.from(op.value.buffer, op.value.byteOffset, op.value.byteLength))
      else s.kvDel.run(op.key)
    }
  }
  const writePool = db.transaction((add: readonly PooledTx[], remove: readonly Hex[]) => {
    for (const hash of remove) s.poolDelete.run(hash)
    for (const p of add) {
      s.poolInsert.run(p.hash, p.tx.from, Number(p.tx.nonce), JSON.stringify(serializeL2Tx(p.tx)), p.receivedAt, p.verifiedKey.pubAx.toString(), p.verifiedKey.pubAy.toString())
    }
  })
  const commitBatch = db.transaction((c: BatchCommit) => {
    s.batchInsert.run(c.batch.number, c.batch.hash, encodeRecord(c.batch))
    for (const slot of c.batch.slots) s.txInsert.run(slot.hash, c.batch.number, slot.slot)
    writeKv(c.kvOps)
    for (const hash of c.removePoolHashes) s.poolDelete.run(hash)
    for (const [address, index] of c.accounts) s.accountInsert.run(address.toString(16), index)
  })
  // Nested better-sqlite3 transactions are savepoints: the outer one is the only commit (and sync).
  const commitBatches = db.transaction((cs: readonly BatchCommit[]) => {
    for (const c of cs) commitBatch(c)
  })

  return {
    loadKv: async () => {
      const map = new Map<string, Uint8Array>()
      for (const row of s.kvAll.iterate()) map.set(row.key, new Uint8Array(row.value))
      return map
    },
    loadPool: async () =>
      s.poolAll.all().map((row) => ({
        hash: row.hash as Hex,
        tx: parseL2Tx(JSON.parse(row.tx)),
        receivedAt: row.received_at,
        verifiedKey: { pubAx: BigInt(row.key_x), pubAy: BigInt(row.key_y) },
      })),
    writePool: async (add, remove) => {
      if (add.length > 0 || remove.length > 0) writePool(add, remove)
    },
    commitBatch: async (commit) => {
      commitBatch(commit)
    },
    commitBatches: async (commits) => {
      if (commits.length > 0) commitBatches(commits)
    },
    head: async () => {
      const row = s.batchHead.get()
      return row ? decodeRecord(row.record) : undefined
    },
    getBatch: async (number) => {
      const row = s.batchByNumber.get(number)
      return row ? decodeRecord(row.record) : undefined
    },
    getBatchByHash: async (hash) => {
      const row = s.batchByHash.get(hash.toLowerCase())
      return row ? decodeRecord(row.record) : undefined
    },
    findTx: async (hash) => {
      const row = s.txFind.get(hash.toLowerCase())
      return row ? { batchNumber: row.batch_number, slot: row.slot } : undefined
    },
    accountIndexOf: async (address) => s.accountFind.get(address.toString(16))?.account_index,
    getMeta: async (key) => s.metaGet.get(key)?.value,
    setMeta: async (key, value) => {
      s.metaSet.run(key, value)
    },
    close: async () => {
      db.close()
    },
  }
}
