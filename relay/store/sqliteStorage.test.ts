import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { signed, transfer } from '../../src/protocol/testing/fixtures'
import { AccountTree } from '../../src/protocol/tree/accountTree'
import { openTestNode } from '../testNode'
import type { BatchRecord } from './records'
import { kvStoreAfter } from './relayStorage'
import { openSqliteStorage, StorageOpenError } from './sqliteStorage'
import { TrustedKvStore } from './trustedKvStore'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('openSqliteStorage', () => {
  it('refuses a database written by a protocol-v1 relay (schema version 1) instead of misreading its batches', () => {
    dir = mkdtempSync(join(tmpdir(), 'lantern-storage-'))
    const file = join(dir, 'relay.sqlite')
    const old = new Database(file)
    old.pragma('user_version = 1')
    old.close()
    expect(() => openSqliteStorage(file)).toThrow(StorageOpenError)
  })

  it('opens a fresh file and reopens it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lantern-storage-'))
    const file = join(dir, 'relay.sqlite')
    const first = openSqliteStorage(file)
    await first.setMeta('k', 'v')
    await first.close()
    const second = openSqliteStorage(file)
    expect(await second.getMeta('k')).toBe('v')
    await second.close()
  })

  /** A file with one transfer batch on top of the funding batches: the head before it and the batch. */
  async function fileWithTransfer(dataDir: string): Promise<{ file: string; before: BatchRecord }> {
    const node = await openTestNode({ accounts: 3, dataDir })
    await node.sequencer.stop()
    const before = node.sequencer.head
    await node.pool.submit(signed(transfer(2, 3, 100n, 5n, 0n), 2))
    await node.sequencer.sequenceBatch()
    await node.close()
    return { file: join(dataDir, 'relay.sqlite'), before }
  }

  it('reads a past state after reopening (the entries written since are known from the file)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lantern-storage-'))
    const { file, before } = await fileWithTransfer(dir)
    const storage = openSqliteStorage(file)
    const past = new AccountTree(kvStoreAfter(storage, before.number))
    expect(await past.root()).toBe(before.stateRoot)
    expect((await past.getAccount(2)).balance).toBe(1_000_000_000_000n)
    await storage.close()
  })

  it('moves the undo rows of a file written with the entry-first kv_undo table into kv_history', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lantern-storage-'))
    const { file, before } = await fileWithTransfer(dir)
    // Back to the earlier layout, rows and all.
    const old = new Database(file)
    old.exec(`CREATE TABLE kv_undo (key TEXT NOT NULL, batch_number INTEGER NOT NULL, old_value BLOB, PRIMARY KEY (key, batch_number)) WITHOUT ROWID;
      CREATE INDEX kv_undo_batch ON kv_undo (batch_number);
      INSERT INTO kv_undo SELECT key, batch_number, old_value FROM kv_history;
      DROP TABLE kv_history;`)
    old.close()

    const storage = openSqliteStorage(file)
    expect(await new AccountTree(kvStoreAfter(storage, before.number)).root()).toBe(before.stateRoot)
    // The moved rows serve rewinds too.
    await storage.rewindTo(before.number)
    expect(await new AccountTree(new TrustedKvStore(await storage.loadKv())).root()).toBe(before.stateRoot)
    await storage.close()
    const check = new Database(file, { readonly: true })
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name IN ('kv_undo', 'kv_undo_batch')").all()).toEqual([])
    check.close()
  })

  it('writes a lazy meta value (read back at once and after reopening) and keeps every later write synchronous FULL', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lantern-storage-'))
    const file = join(dir, 'relay.sqlite')
    const storage = openSqliteStorage(file)
    expect(storage.synchronousLevel()).toBe(2)
    await storage.setMetaLazily('postedThrough', '7')
    expect(await storage.getMeta('postedThrough')).toBe('7')
    expect(storage.synchronousLevel()).toBe(2)
    await storage.close()
    const reopened = openSqliteStorage(file)
    expect(await reopened.getMeta('postedThrough')).toBe('7')
    await reopened.close()
  })
})
