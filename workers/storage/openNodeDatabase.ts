import { type IDBPDatabase, openDB } from 'idb'
import { StorageFailedError, StorageVersionError } from '../errors.js'
import { MIGRATIONS, type Migration } from './schema.js'

/** Options of `openNodeDatabase`. */
export type OpenNodeDatabaseOptions = {
  /** The migrations to apply (the released ones by default; tests add future ones). */
  migrations?: readonly Migration[]
  /** Called when this connection was closed because another one needs a newer version, or the browser closed it. */
  onClose?: (reason: 'versionchange' | 'terminated') => void
}

/**
 * Opens (creating or upgrading) the node's database. A connection closes itself as soon as
 * another tab asks for a newer version (`versionchange`), so a second tab with a newer app never
 * waits forever on this one; the closed store then throws StorageClosedError. A database newer
 * than this code is a StorageVersionError (never downgraded: that would lose data).
 */
export async function openNodeDatabase(name: string, options: OpenNodeDatabaseOptions = {}): Promise<IDBPDatabase> {
  const migrations = options.migrations ?? MIGRATIONS
  const version = migrations.length
  const factory = globalThis.indexedDB as IDBFactory | undefined
  if (factory === undefined) throw new StorageFailedError({ operation: 'open', quota: false }, { details: 'IndexedDB is not available here' })
  let db: IDBPDatabase | undefined
  try {
    db = await openDB(name, version, {
      upgrade(database, oldVersion, _newVersion, tx) {
        for (let step = oldVersion; step < version; step++) migrations[step]!(database, tx)
      },
      blocking() {
        db?.close()
        options.onClose?.('versionchange')
      },
      terminated() {
        options.onClose?.('terminated')
      },
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'VersionError') {
      const found = await existingVersion(factory, name)
      throw new StorageVersionError({ found, supported: version }, { cause })
    }
    throw new StorageFailedError({ operation: 'open', quota: isQuotaError(cause) }, { cause })
  }
  return db
}

async function existingVersion(factory: IDBFactory, name: string): Promise<number> {
  const databases = typeof factory.databases === 'function' ? await factory.databases() : []
  return databases.find((info) => info.name === name)?.version ?? -1
}

/** Whether an IndexedDB failure is the quota being exhausted. */
export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError'
}
