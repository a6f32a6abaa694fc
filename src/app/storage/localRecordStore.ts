// A list of records kept in one localStorage key, newest first, shared by the app's stores
// (deposits, signed L2 transactions). The parsed list is cached so useSyncExternalStore sees a
// stable snapshot; a write from another tab of the app (the `storage` event) drops the cache.
// Storage that is unavailable or full keeps the records in memory until the page closes.

export type LocalRecordStore<T> = {
  /** Every record, newest first (the same array until the next change). */
  list(): T[]
  /** A change counter for useSyncExternalStore. */
  version(): number
  /** Puts `record` first, replacing a record with the same id. */
  add(record: T): void
  /** Merges `patch` into the record with this id; no record, no change. */
  update(id: string, patch: Partial<T>): void
  subscribe(listener: () => void): () => void
  /** Forgets every record. */
  clear(): void
}

/** A store of records under localStorage `key`, each identified by `idOf`. */
export function createLocalRecordStore<T>(key: string, idOf: (record: T) => string): LocalRecordStore<T> {
  const listeners = new Set<() => void>()
  let cache: T[] | undefined
  let version = 0

  const changed = () => {
    version++
    for (const l of listeners) l()
  }
  const load = (): T[] => {
    if (cache) return cache
    try {
      const parsed = JSON.parse(globalThis.localStorage?.getItem(key) ?? '[]') as unknown
      cache = Array.isArray(parsed) ? (parsed as T[]) : []
    } catch {
      cache = []
    }
    return cache
  }
  const save = (next: T[]) => {
    cache = next
    try {
      globalThis.localStorage?.setItem(key, JSON.stringify(next))
    } catch {
      // Storage unavailable: the records live until the page closes.
    }
    changed()
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (e) => {
      if (e.key !== key) return
      cache = undefined
      changed()
    })
  }

  return {
    list: load,
    version: () => version,
    add: (record) => save([record, ...load().filter((r) => idOf(r) !== idOf(record))]),
    update(id, patch) {
      const current = load()
      if (!current.some((r) => idOf(r) === id)) return
      save(current.map((r) => (idOf(r) === id ? { ...r, ...patch } : r)))
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear: () => save([]),
  }
}
