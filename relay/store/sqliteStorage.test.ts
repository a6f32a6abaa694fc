import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStorage, StorageOpenError } from './sqliteStorage'

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
})
