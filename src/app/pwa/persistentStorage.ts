// Asks the browser to keep this origin's storage (IndexedDB: the light node's L2 state, the
// outbox, the deposit trackers) under storage pressure. Browsers may say no (Chromium grants it
// to installed or often-used sites); the answer is shown on the node status screen.

export type PersistentStorageState = 'unsupported' | 'pending' | 'granted' | 'denied'

let result: Promise<PersistentStorageState> | undefined

/** Requests persistent storage once per page; resolves with the browser's answer. */
export function requestPersistentStorage(): Promise<PersistentStorageState> {
  result ??= (async (): Promise<PersistentStorageState> => {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
    if (!storage?.persist) return 'unsupported'
    try {
      if (await storage.persisted()) return 'granted'
      return (await storage.persist()) ? 'granted' : 'denied'
    } catch {
      return 'denied'
    }
  })()
  return result
}
