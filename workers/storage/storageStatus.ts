/** The part of `navigator.storage` the node uses (absent in some contexts, e.g. insecure origins). */
export type StorageManagerLike = Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persist' | 'persisted'>>

/** What the browser reports about this origin's storage. */
export type StorageStatus = {
  /** Bytes used by this origin, if the browser says. */
  usage: number | null
  /** Bytes this origin may use, if the browser says. */
  quota: number | null
  /** Whether the browser promised not to evict this origin's data under storage pressure. */
  persisted: boolean
}

/** The origin's storage usage and quota and whether it is persistent (nulls where the browser does not say). */
export async function storageStatus(manager: StorageManagerLike | undefined = globalThis.navigator?.storage): Promise<StorageStatus> {
  if (manager === undefined) return { usage: null, quota: null, persisted: false }
  const estimate = await manager.estimate()
  const persisted = typeof manager.persisted === 'function' ? await manager.persisted() : false
  return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted }
}

/**
 * Asks the browser to keep this origin's data under storage pressure (a verified chain is
 * expensive to rebuild). Returns whether it is persistent now; never throws: a refusal only
 * means the browser may evict the data, which the node survives by re-syncing.
 */
export async function requestPersistentStorage(manager: StorageManagerLike | undefined = globalThis.navigator?.storage): Promise<boolean> {
  if (manager?.persist === undefined) return false
  try {
    if (typeof manager.persisted === 'function' && (await manager.persisted())) return true
    return await manager.persist()
  } catch {
    return false
  }
}
