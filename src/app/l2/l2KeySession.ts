// Keeps the derived L2 key across reloads of this tab (an offline reload cannot ask the wallet
// again), encrypted at rest: AES-GCM under a non-extractable WebCrypto key that lives in this
// origin's IndexedDB, the ciphertext in sessionStorage, which the browser drops when the tab
// closes. So the key survives a reload of this tab, never a closed tab, and its bytes are never
// written in the clear. "Forget key" wipes both copies.
import type { L2Account } from './l2KeyStore'

const DB = 'lantern-l2-key'
const STORE = 'wrapping'
const PREFIX = 'lantern.l2key.'

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

async function wrappingKey(create: boolean): Promise<CryptoKey | undefined> {
  const db = await openDb()
  try {
    const existing = await new Promise<CryptoKey | undefined>((resolve, reject) => {
      const get = db.transaction(STORE).objectStore(STORE).get('key')
      get.onsuccess = () => resolve(get.result as CryptoKey | undefined)
      get.onerror = () => reject(get.error)
    })
    if (existing || !create) return existing
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite')
      tx.objectStore(STORE).put(key, 'key')
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
    })
    return key
  } finally {
    db.close()
  }
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

/** Encrypts the account's private key into this tab's sessionStorage. */
export async function saveSessionKey(account: L2Account): Promise<void> {
  const key = await wrappingKey(true)
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key!, account.privateKey as Uint8Array<ArrayBuffer>))
  sessionStorage.setItem(PREFIX + account.scope, JSON.stringify({ l1Address: account.l1Address, iv: toB64(iv), sealed: toB64(sealed) }))
}

/** The private keys this tab kept, decrypted; an entry that does not decrypt is dropped. */
export async function restoreSessionKeys(): Promise<{ scope: string; l1Address: `0x${string}`; privateKey: Uint8Array }[]> {
  const entries = Object.keys(sessionStorage).filter((k) => k.startsWith(PREFIX))
  if (entries.length === 0) return []
  const key = await wrappingKey(false)
  const restored = []
  for (const entry of entries) {
    try {
      const { l1Address, iv, sealed } = JSON.parse(sessionStorage.getItem(entry)!) as { l1Address: `0x${string}`; iv: string; sealed: string }
      if (!key) throw new Error('no wrapping key')
      const privateKey = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64(iv) }, key, fromB64(sealed)))
      restored.push({ scope: entry.slice(PREFIX.length), l1Address, privateKey })
    } catch {
      sessionStorage.removeItem(entry)
    }
  }
  return restored
}

/** Drops this tab's encrypted copy of the key of `scope`. */
export function forgetSessionKey(scope: string): void {
  sessionStorage.removeItem(PREFIX + scope)
}

/** Puts this tab's kept keys back into the page's key store (called once at boot). */
export async function restoreL2Accounts(): Promise<number> {
  const [{ l2PublicKey }, { setL2Account }] = await Promise.all([import('../../protocol/crypto/eddsa'), import('./l2KeyStore')])
  const restored = await restoreSessionKeys()
  for (const { scope, l1Address, privateKey } of restored) setL2Account({ scope, l1Address, privateKey, ...l2PublicKey(privateKey) })
  return restored.length
}
