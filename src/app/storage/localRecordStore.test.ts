import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLocalRecordStore } from './localRecordStore'

type Rec = { id: string; n: number; note?: string }

function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    get length() {
      return data.size
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  }
}

let storage: ReturnType<typeof memoryStorage>
beforeEach(() => {
  storage = memoryStorage()
  vi.stubGlobal('localStorage', storage)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

const open = () => createLocalRecordStore<Rec>('test.records', (r) => r.id)

describe('createLocalRecordStore', () => {
  it('keeps records newest first, replacing one with the same id, and persists them under its key', () => {
    const store = open()
    store.add({ id: 'a', n: 1 })
    store.add({ id: 'b', n: 2 })
    store.add({ id: 'a', n: 3 })
    expect(store.list()).toEqual([{ id: 'a', n: 3 }, { id: 'b', n: 2 }])
    expect(JSON.parse(storage.data.get('test.records')!)).toEqual([{ id: 'a', n: 3 }, { id: 'b', n: 2 }])
    // A fresh store (a reload) reads what the last one wrote.
    expect(open().list()).toEqual([{ id: 'a', n: 3 }, { id: 'b', n: 2 }])
  })

  it('merges a patch into the record with that id only, and ignores an unknown id', () => {
    const store = open()
    store.add({ id: 'a', n: 1 })
    store.add({ id: 'b', n: 2 })
    const listener = vi.fn()
    store.subscribe(listener)
    store.update('a', { note: 'seen' })
    expect(store.list()).toEqual([{ id: 'b', n: 2 }, { id: 'a', n: 1, note: 'seen' }])
    expect(listener).toHaveBeenCalledTimes(1)
    const before = store.version()
    store.update('zzz', { n: 9 })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(store.version()).toBe(before)
  })

  it('gives the same snapshot until a change, then a new one with a new version (useSyncExternalStore needs both)', () => {
    const store = open()
    store.add({ id: 'a', n: 1 })
    const snapshot = store.list()
    const version = store.version()
    expect(store.list()).toBe(snapshot)
    store.add({ id: 'b', n: 2 })
    expect(store.list()).not.toBe(snapshot)
    expect(store.version()).toBe(version + 1)
  })

  it('reads unparsable or non-list storage as empty, and keeps records in memory when storage refuses writes', () => {
    storage.data.set('test.records', '{not json')
    expect(open().list()).toEqual([])
    storage.data.set('test.records', '{"id":"a"}')
    expect(open().list()).toEqual([])
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError')
    }
    const store = open()
    store.add({ id: 'c', n: 1 })
    expect(store.list()).toEqual([{ id: 'c', n: 1 }])
  })

  it('forgets every record on clear, and unsubscribed listeners hear nothing', () => {
    const store = open()
    const listener = vi.fn()
    const unsubscribe = store.subscribe(listener)
    store.add({ id: 'a', n: 1 })
    unsubscribe()
    store.clear()
    expect(store.list()).toEqual([])
    expect(storage.data.get('test.records')).toBe('[]')
    expect(listener).toHaveBeenCalledTimes(1)
  })
})
