import { IdbStore } from './idbStore.js'
import { type OpenNodeDatabaseOptions, openNodeDatabase } from './openNodeDatabase.js'

/**
 * Opens the node's database and returns its KVStore. When another tab upgrades the database or
 * the browser closes it, the connection is released at once and the store throws
 * StorageClosedError from then on (`onClose` is told why).
 */
export async function openNodeStore(name: string, options: OpenNodeDatabaseOptions = {}): Promise<IdbStore> {
  const opened: { store?: IdbStore } = {}
  let closedEarly: 'versionchange' | 'terminated' | undefined
  const db = await openNodeDatabase(name, {
    ...options,
    onClose(reason) {
      if (opened.store === undefined) closedEarly = reason
      else opened.store.markClosed(reason === 'versionchange' ? 'another tab opened a newer version of the database' : 'the browser closed the database')
      options.onClose?.(reason)
    },
  })
  const store = new IdbStore(db)
  opened.store = store
  if (closedEarly !== undefined) store.markClosed(closedEarly)
  return store
}
