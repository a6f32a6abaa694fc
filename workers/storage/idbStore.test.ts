import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { StorageClosedError, StorageFailedError, StorageVersionError } from '../errors.js'
import { openNodeStore } from './openNodeStore.js'
import { KV_STORE, MIGRATIONS, SCHEMA_VERSION } from './schema.js'
import { requestPersistentStorage, storageStatus } from './storageStatus.js'

let counter = 0
const freshName = () => `node-test-${++counter}-${Math.random().toString(36).slice(2)}`
const bytes = (...values: number[]) => new Uint8Array(values)

describe('IdbStore', () => {
  it('gets, puts and deletes, and returns undefined for a missing key', async () => {
    const store = await openNodeStore(freshName())
    expect(await store.get('a')).toBeUndefined()
    await store.put('a', bytes(1, 2))
    expect(await store.get('a')).toEqual(bytes(1, 2))
    await store.del('a')
    expect(await store.get('a')).toBeUndefined()
    store.close()
  })

  it('stores a copy: mutating the value passed in changes nothing stored', async () => {
    const store = await openNodeStore(freshName())
    const value = bytes(7)
    await store.put('k', value)
    value[0] = 9
    expect(await store.get('k')).toEqual(bytes(7))
    store.close()
  })

  it('applies a batch atomically: a failing op leaves every earlier op of the batch unwritten', async () => {
    const store = await openNodeStore(freshName())
    await store.put('keep', bytes(1))
    // An IndexedDB key cannot be an object: the third put fails after two queued writes.
    const bad = { type: 'put', key: {} as unknown as string, value: bytes(3) } as const
    await expect(
      store.batch([{ type: 'put', key: 'x', value: bytes(2) }, { type: 'del', key: 'keep' }, bad]),
    ).rejects.toThrow(StorageFailedError)
    expect(await store.get('x')).toBeUndefined()
    expect(await store.get('keep')).toEqual(bytes(1))
    store.close()
  })

  it('applies ops of a batch in order (put then del of one key deletes it)', async () => {
    const store = await openNodeStore(freshName())
    await store.batch([
      { type: 'put', key: 'k', value: bytes(1) },
      { type: 'del', key: 'k' },
      { type: 'put', key: 'j', value: bytes(2) },
    ], { durability: 'strict' })
    expect(await store.get('k')).toBeUndefined()
    expect(await store.get('j')).toEqual(bytes(2))
    store.close()
  })

  it('lists keys by prefix', async () => {
    const store = await openNodeStore(freshName())
    await store.batch(['batch/1', 'batch/2', 'op/1'].map((key) => ({ type: 'put', key, value: bytes(0) })))
    expect(await store.keys('batch/')).toEqual(['batch/1', 'batch/2'])
    store.close()
  })

  it('keeps data across a close and a reopen of the same database', async () => {
    const name = freshName()
    const first = await openNodeStore(name)
    await first.put('checkpoint', bytes(42))
    first.close()
    const second = await openNodeStore(name)
    expect(await second.get('checkpoint')).toEqual(bytes(42))
    second.close()
  })
})

describe('schema and migrations', () => {
  it('creates the current schema version', async () => {
    const name = freshName()
    ;(await openNodeStore(name)).close()
    const raw = await openDB(name)
    expect(raw.version).toBe(SCHEMA_VERSION)
    expect([...raw.objectStoreNames]).toEqual([KV_STORE])
    raw.close()
  })

  it('runs only the missing migrations on an existing database and keeps its data', async () => {
    const name = freshName()
    const store = await openNodeStore(name)
    await store.put('tree/node/16/0', bytes(5))
    store.close()
    const runs: number[] = []
    const next = [
      ...MIGRATIONS.map((migration, i) => ((db, tx) => {
        runs.push(i)
        migration(db, tx)
      }) as (typeof MIGRATIONS)[number]),
      ((db) => {
        runs.push(MIGRATIONS.length)
        db.createObjectStore('future')
      }) as (typeof MIGRATIONS)[number],
    ]
    const upgraded = await openNodeStore(name, { migrations: next })
    expect(runs).toEqual([MIGRATIONS.length])
    expect(await upgraded.get('tree/node/16/0')).toEqual(bytes(5))
    upgraded.close()
  })

  it('refuses a database newer than the code with StorageVersionError', async () => {
    const name = freshName()
    const raw = await openDB(name, SCHEMA_VERSION + 3, { upgrade: (db) => void db.createObjectStore(KV_STORE) })
    raw.close()
    const error = await openNodeStore(name).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageVersionError)
    expect((error as StorageVersionError).data).toMatchObject({ found: SCHEMA_VERSION + 3, supported: SCHEMA_VERSION })
  })

  it('a tab holding the database never wedges a newer one: it closes on versionchange and throws StorageClosedError after', async () => {
    const name = freshName()
    const reasons: string[] = []
    const oldTab = await openNodeStore(name, { onClose: (reason) => reasons.push(reason) })
    await oldTab.put('a', bytes(1))
    const future = [...MIGRATIONS, ((db) => void db.createObjectStore('future')) as (typeof MIGRATIONS)[number]]
    // Without the close-on-versionchange, this open would stay blocked for as long as the old tab lives.
    const newTab = await openNodeStore(name, { migrations: future })
    expect(reasons).toEqual(['versionchange'])
    await expect(oldTab.get('a')).rejects.toThrow(StorageClosedError)
    expect(await newTab.get('a')).toEqual(bytes(1))
    newTab.close()
  })
})

describe('storage status', () => {
  it('reports usage, quota and persistence, and nulls without a storage manager', async () => {
    const manager = {
      estimate: async () => ({ usage: 1234, quota: 10_000 }),
      persisted: async () => false,
      persist: async () => true,
    }
    expect(await storageStatus(manager)).toEqual({ usage: 1234, quota: 10_000, persisted: false })
    expect(await storageStatus(undefined)).toEqual({ usage: null, quota: null, persisted: false })
  })

  it('requests persistence once, and treats a refusal or a throw as not persistent', async () => {
    let asked = 0
    const grant = { estimate: async () => ({}), persisted: async () => false, persist: async () => (asked++, true) }
    expect(await requestPersistentStorage(grant)).toBe(true)
    expect(asked).toBe(1)
    const already = { estimate: async () => ({}), persisted: async () => true, persist: async () => (asked++, true) }
    expect(await requestPersistentStorage(already)).toBe(true)
    expect(asked).toBe(1)
    const refuse = { estimate: async () => ({}), persist: async () => { throw new Error('no') } }
    expect(await requestPersistentStorage(refuse)).toBe(false)
    expect(await requestPersistentStorage(undefined)).toBe(false)
  })
})
