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
import { type BatchCommit, HistoryPrunedError, type RelayStorage, type RewindResult } from './relayStorage'

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
-- Undo log per batch: each tree entry's value before the batch wrote it (NULL: absent), the pool
-- rows it removed, the accounts it created. It serves two things: rewinding trusted state when an
-- L1 reorg removes a priority op a batch consumed, and reading the tree as it was after any batch
-- (the safe/finalized tags). Added without a schema bump: a version-2 file simply has no history
-- for the batches it committed before.
-- Tree entries' old values are keyed by batch first: a batch's rows land together at the end of
-- the table, a page or two per commit. Keyed by entry first (the earlier kv_undo, moved over at
-- open), each batch inserted one row into every touched entry's run of rows, and every commit
-- wrote (and synced) about a page per tree entry it touched.
CREATE TABLE IF NOT EXISTS kv_history (batch_number INTEGER NOT NULL, key TEXT NOT NULL, old_value BLOB, PRIMARY KEY (batch_number, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pool_undo (
  batch_number INTEGER NOT NULL,
  hash TEXT NOT NULL,
  from_index INTEGER NOT NULL,
  nonce INTEGER NOT NULL,
  tx TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  key_x TEXT NOT NULL,
  key_y TEXT NOT NULL,
  PRIMARY KEY (batch_number, hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS account_undo (batch_number INTEGER NOT NULL, address TEXT NOT NULL, PRIMARY KEY (batch_number, address)) WITHOUT ROWID;
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

export type SqliteRelayStorage = RelayStorage & {
  /** The connection's `synchronous` level (2: FULL), which every durable write relies on. */
  synchronousLevel(): number
}

/** Opens (creating if needed) the relay database at `file` (`:memory:` for tests). */
export function openSqliteStorage(file: string): SqliteRelayStorage {
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
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kv_undo'").get()) {
      db.transaction(() => db.exec('INSERT OR IGNORE INTO kv_history (batch_number, key, old_value) SELECT batch_number, key, old_value FROM kv_undo; DROP TABLE kv_undo'))()
    }
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
    batchHeadNumber: db.prepare<[], { number: number | null }>('SELECT MAX(number) AS number FROM batches'),
    batchByNumber: db.prepare<[number], { record: string }>('SELECT record FROM batches WHERE number = ?'),
    batchByHash: db.prepare<[string], { record: string }>('SELECT record FROM batches WHERE hash = ?'),
    txInsert: db.prepare<[string, number, number]>('INSERT INTO batch_txs (hash, batch_number, slot) VALUES (?, ?, ?)'),
    txFind: db.prepare<[string], { batch_number: number; slot: number }>('SELECT batch_number, slot FROM batch_txs WHERE hash = ?'),
    accountInsert: db.prepare<[string, number]>('INSERT OR IGNORE INTO accounts (address, account_index) VALUES (?, ?)'),
    accountFind: db.prepare<[string], { account_index: number }>('SELECT account_index FROM accounts WHERE address = ?'),
    kvUndoRecord: db.prepare<[number, string, string]>('INSERT OR IGNORE INTO kv_history (batch_number, key, old_value) VALUES (?, ?, (SELECT value FROM kv WHERE key = ?))'),
    kvUndoAfter: db.prepare<[number], { key: string; old_value: Buffer | null }>('SELECT key, old_value FROM kv_history WHERE batch_number > ? ORDER BY batch_number DESC'),
    kvUndoDelete: db.prepare<[number]>('DELETE FROM kv_history WHERE batch_number > ?'),
    kvUndoPrune: db.prepare<[number]>('DELETE FROM kv_history WHERE batch_number <= ?'),
    // Walks the batches after `number` in order and stops at the first that wrote `key`.
    kvAtUndo: db.prepare<[number, string], { old_value: Buffer | null }>('SELECT old_value FROM kv_history WHERE batch_number > ? AND key = ? ORDER BY batch_number LIMIT 1'),
    kvLastWrites: db.prepare<[], { key: string; number: number }>('SELECT key, MAX(batch_number) AS number FROM kv_history GROUP BY key'),
    kvGet: db.prepare<[string], { value: Buffer }>('SELECT value FROM kv WHERE key = ?'),
    poolUndoRecord: db.prepare<[number, string]>(
      'INSERT OR IGNORE INTO pool_undo (batch_number, hash, from_index, nonce, tx, received_at, key_x, key_y) SELECT ?, hash, from_index, nonce, tx, received_at, key_x, key_y FROM pool WHERE hash = ?',
    ),
    poolUndoAfter: db.prepare<[number], { hash: string; from_index: number; nonce: number; tx: string; received_at: number; key_x: string; key_y: string }>(
      'SELECT hash, from_index, nonce, tx, received_at, key_x, key_y FROM pool_undo WHERE batch_number > ? ORDER BY batch_number, received_at',
    ),
    poolUndoDelete: db.prepare<[number]>('DELETE FROM pool_undo WHERE batch_number > ?'),
    poolUndoPrune: db.prepare<[number]>('DELETE FROM pool_undo WHERE batch_number <= ?'),
    poolRestore: db.prepare<[string, number, number, string, number, string, string]>(
      'INSERT OR IGNORE INTO pool (hash, from_index, nonce, tx, received_at, key_x, key_y) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    accountUndoRecord: db.prepare<[number, string]>('INSERT OR IGNORE INTO account_undo (batch_number, address) VALUES (?, ?)'),
    accountUndoAfter: db.prepare<[number], { address: string }>('SELECT address FROM account_undo WHERE batch_number > ?'),
    accountUndoDelete: db.prepare<[number]>('DELETE FROM account_undo WHERE batch_number > ?'),
    accountUndoPrune: db.prepare<[number]>('DELETE FROM account_undo WHERE batch_number <= ?'),
    accountDelete: db.prepare<[string]>('DELETE FROM accounts WHERE address = ?'),
    txDeleteAfter: db.prepare<[number]>('DELETE FROM batch_txs WHERE batch_number > ?'),
    batchDeleteAfter: db.prepare<[number]>('DELETE FROM batches WHERE number > ?'),
    // The aggregator keeps each batch's proof under meta `proof:<n>`: a rewound batch's proof proves a batch that no longer exists.
    // In the same transaction, so a crash right after a rewind cannot leave posts claimed for rebuilt batches.
    postedClamp: db.prepare<[string, number]>("UPDATE meta SET value = ? WHERE key = 'postedThrough' AND CAST(value AS INTEGER) > ?"),
    proofDeleteAfter: db.prepare<[number]>("DELETE FROM meta WHERE key GLOB 'proof:[0-9]*' AND CAST(substr(key, 7) AS INTEGER) > ?"),
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
    const n = c.batch.number
    s.batchInsert.run(n, c.batch.hash, encodeRecord(c.batch))
    for (const slot of c.batch.slots) s.txInsert.run(slot.hash, n, slot.slot)
    // OR IGNORE keeps the first old value when a batch writes a key twice.
    for (const op of c.kvOps) {
      s.kvUndoRecord.run(n, op.key, op.key)
      // Set before the commit: if it rolls back, the hint is only too high, which is safe.
      lastWrite.set(op.key, n)
    }
    writeKv(c.kvOps)
    for (const hash of c.removePoolHashes) {
      s.poolUndoRecord.run(n, hash)
      s.poolDelete.run(hash)
    }
    for (const [address, index] of c.accounts) {
      if (s.accountInsert.run(address.toString(16), index).changes === 1) s.accountUndoRecord.run(n, address.toString(16))
    }
  })
  // The last batch with an undo row for each tree entry, so kvAt knows without a query that an
  // entry no batch after `number` wrote holds its current value (most entries, for any past
  // state), and queries only for the others. Never lower than the truth: a value that is too high
  // only costs kvAt a query that finds nothing.
  const lastWrite = new Map<string, number>()
  const loadLastWrites = () => {
    lastWrite.clear()
    for (const row of s.kvLastWrites.iterate()) lastWrite.set(row.key, row.number)
  }
  loadLastWrites()
  // Undo rows of batch n hold what batch n overwrote: without those of batches ≤ from, the state
  // after batch from − 1 and earlier can no longer be rebuilt, the state after from and later can.
  let historyFrom = Number(s.metaGet.get('historyFrom')?.value ?? '0')
  const keptOrThrow = (batch: number) => {
    if (batch < historyFrom) throw new HistoryPrunedError({ batch, historyFrom })
  }
  const pruneHistory = db.transaction((from: number) => {
    s.kvUndoPrune.run(from)
    s.poolUndoPrune.run(from)
    s.accountUndoPrune.run(from)
    s.metaSet.run('historyFrom', String(from))
  })
  const rewindTo = db.transaction((n: number): RewindResult => {
    keptOrThrow(n)
    // Newest batch first, so each key ends at the value it had before the oldest removed batch.
    const restore = new Map<string, Buffer | null>()
    for (const row of s.kvUndoAfter.iterate(n)) restore.set(row.key, row.old_value)
    const kvOps: KVBatchOp[] = []
    for (const [key, old] of restore) kvOps.push(old === null ? { type: 'del', key } : { type: 'put', key, value: new Uint8Array(old) })
    writeKv(kvOps)
    const restoredPool: PooledTx[] = []
    for (const row of s.poolUndoAfter.all(n)) {
      if (s.poolRestore.run(row.hash, row.from_index, row.nonce, row.tx, row.received_at, row.key_x, row.key_y).changes === 1) {
        restoredPool.push({ hash: row.hash as Hex, tx: parseL2Tx(JSON.parse(row.tx)), receivedAt: row.received_at, verifiedKey: { pubAx: BigInt(row.key_x), pubAy: BigInt(row.key_y) } })
      }
    }
    for (const row of s.accountUndoAfter.all(n)) s.accountDelete.run(row.address)
    s.kvUndoDelete.run(n)
    s.poolUndoDelete.run(n)
    s.accountUndoDelete.run(n)
    s.txDeleteAfter.run(n)
    s.batchDeleteAfter.run(n)
    s.proofDeleteAfter.run(n)
    s.postedClamp.run(String(n), n)
    return { kvOps, restoredPool }
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
    rewindTo: async (number) => {
      const result = rewindTo(number)
      loadLastWrites()
      return result
    },
    kvAt: async (key, number) => {
      keptOrThrow(number)
      const undo = (lastWrite.get(key) ?? -1) > number ? s.kvAtUndo.get(number, key) : undefined
      const bytes = undo ? undo.old_value : (s.kvGet.get(key)?.value ?? null)
      return bytes === null ? undefined : new Uint8Array(bytes)
    },
    historyFrom: async () => historyFrom,
    pruneHistory: async (from) => {
      const headNumber = s.batchHeadNumber.get()?.number ?? 0
      if (from > headNumber) throw new RangeError(`pruneHistory(${from}): past the head batch ${headNumber}`)
      if (from <= historyFrom) return
      pruneHistory(from)
      historyFrom = from
    },
    getMeta: async (key) => s.metaGet.get(key)?.value,
    setMeta: async (key, value) => {
      s.metaSet.run(key, value)
    },
    setMetaLazily: async (key, value) => {
      // In WAL mode a NORMAL commit appends to the log without syncing it; the next FULL commit's
      // sync of the log covers it too. (A prepared PRAGMA applies when prepared, not when run.)
      db.pragma('synchronous = NORMAL')
      try {
        s.metaSet.run(key, value)
      } finally {
        db.pragma('synchronous = FULL')
      }
    },
    close: async () => {
      db.close()
    },
    synchronousLevel: () => db.pragma('synchronous', { simple: true }) as number,
  }
}
