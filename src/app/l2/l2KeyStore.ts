// The derived L2 key lives in this page's memory only: never in storage, never the wallet's own
// key. Reloading forgets it; one signature re-derives the same key (PROTOCOL.md §3.1).

export type L2Account = {
  /** `${chainId}:${rollup}:${l1Address}`, lowercase: a key is bound to one deployment and one wallet account. */
  scope: string
  l1Address: `0x${string}`
  privateKey: Uint8Array
  pubAx: bigint
  pubAy: bigint
}

type Listener = () => void
const accounts = new Map<string, L2Account>()
const listeners = new Set<Listener>()
let version = 0

export function l2Scope(chainId: number, rollup: string, l1Address: string): string {
  return `${chainId}:${rollup.toLowerCase()}:${l1Address.toLowerCase()}`
}

export function setL2Account(account: L2Account): void {
  accounts.set(account.scope, account)
  version++
  for (const l of listeners) l()
}

/** Forgets the key (and wipes its bytes). */
export function forgetL2Account(scope: string): void {
  accounts.get(scope)?.privateKey.fill(0)
  accounts.delete(scope)
  version++
  for (const l of listeners) l()
}

export function getL2Account(scope: string): L2Account | undefined {
  return accounts.get(scope)
}

export function subscribeL2Accounts(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function l2AccountsVersion(): number {
  return version
}
