// L2 transfers and withdrawals signed in this browser, persisted in localStorage: the offline
// outbox (signed, waiting for the relay) and the sent ones this browser follows from the pool to
// trusted → virtual → consolidated, and (withdrawals) to their claim on L1. Only signed
// transactions are kept (they are public once sent), never the L2 key. What a record says about
// L2 is re-read from the relay and the light node on every round, never trusted from storage alone.
import type { L2TxJson } from '../../protocol/tx/l2TxJson'

/** Where a signed transaction is: waiting offline, in the relay's pool, or refused. */
export type SendState = 'queued-offline' | 'sent' | 'rejected'

/** A claim of a withdrawal's exit on L1 (Bridge.claim), as sent from this browser. */
export type ClaimRecord = { l1TxHash: `0x${string}`; sentAt: number; state: 'sent' | 'claimed' | 'failed'; gasCostWei?: string; reason?: string }

export type L2TxRecord = {
  /** txHash (§4.3) as bytes32: the relay's transaction hash too. */
  hash: `0x${string}`
  chainId: number
  rollup: `0x${string}`
  /** The sender's L1 address (owner of the L2 account). */
  from: `0x${string}`
  fromIndex: number
  kind: 'transfer' | 'withdrawal'
  /** The recipient's L1 address (transfers); null for withdrawals (paid to `from` on L1). */
  to: `0x${string}` | null
  toIndex: number
  amountGwei: string
  feeGwei: string
  nonce: number
  signedTx: L2TxJson
  state: SendState
  /** Why the relay refused it, in plain words. */
  reason?: string
  createdAt: number
  sentAt?: number
  /** From the relay's receipt: the trusted batch and its slot. */
  batchNumber?: number
  slot?: number
  trustedAt?: number
  /** From this browser's light node: the batch re-executed here, then its proof verified here. */
  virtualAt?: number
  consolidatedAt?: number
  /** The light node's batch does not hold this transaction at that slot: the relay's word is contradicted. */
  mismatch?: string
  claim?: ClaimRecord
}

type Listener = () => void
const KEY = 'lantern.l2txs'
const listeners = new Set<Listener>()
let cache: L2TxRecord[] | undefined
let version = 0

function load(): L2TxRecord[] {
  if (cache) return cache
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '[]') as unknown
    cache = Array.isArray(parsed) ? (parsed as L2TxRecord[]) : []
  } catch {
    cache = []
  }
  return cache
}

function save(next: L2TxRecord[]): void {
  cache = next
  version++
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next))
  } catch {
    // Storage unavailable: the records live until the page closes.
  }
  for (const l of listeners) l()
}

/** Every record, newest first. */
export function listL2Txs(): L2TxRecord[] {
  return load()
}

/** A change counter for useSyncExternalStore. */
export function l2TxsVersion(): number {
  return version
}

export function addL2Tx(record: L2TxRecord): void {
  save([record, ...load().filter((r) => r.hash !== record.hash)])
}

export function updateL2Tx(hash: string, patch: Partial<L2TxRecord>): void {
  const current = load()
  if (!current.some((r) => r.hash === hash)) return
  save(current.map((r) => (r.hash === hash ? { ...r, ...patch } : r)))
}

export function subscribeL2Txs(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Forgets every record (tests). */
export function clearL2Txs(): void {
  save([])
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key !== KEY) return
    cache = undefined
    version++
    for (const l of listeners) l()
  })
}

/** The state a person reads for a record: the furthest step reached. */
export function l2TxState(r: L2TxRecord): 'queued-offline' | 'rejected' | 'pending' | 'trusted' | 'virtual' | 'consolidated' | 'alarm' {
  if (r.state !== 'sent') return r.state
  if (r.mismatch) return 'alarm'
  if (r.consolidatedAt) return 'consolidated'
  if (r.virtualAt) return 'virtual'
  if (r.batchNumber !== undefined) return 'trusted'
  return 'pending'
}
