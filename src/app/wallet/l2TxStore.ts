// L2 transfers and withdrawals signed in this browser, persisted in localStorage: the offline
// outbox (signed, waiting for the relay) and the sent ones this browser follows from the pool to
// trusted → virtual → consolidated, and (withdrawals) to their claim on L1. Only signed
// transactions are kept (they are public once sent), never the L2 key. What a record says about
// L2 is re-read from the relay and the light node on every round, never trusted from storage alone.
import type { L2TxJson } from '../../protocol/tx/l2TxJson'
import { createLocalRecordStore } from '../storage/localRecordStore'

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
  /** The relay no longer holds it, pooled or included: it expired or turned invalid before a batch took it. */
  droppedAt?: number
  claim?: ClaimRecord
}

const store = createLocalRecordStore<L2TxRecord>('lantern.l2txs', (r) => r.hash)

/** Every record, newest first. */
export const listL2Txs = (): L2TxRecord[] => store.list()

/** A change counter for useSyncExternalStore. */
export const l2TxsVersion = (): number => store.version()

/** Keeps a signed transaction (first in the list; a record with the same hash is replaced). */
export const addL2Tx = (record: L2TxRecord): void => store.add(record)

/** Merges `patch` into the record with this hash. */
export const updateL2Tx = (hash: string, patch: Partial<L2TxRecord>): void => store.update(hash, patch)

/** Calls `listener` on every change, also from another tab; returns the unsubscribe function. */
export const subscribeL2Txs = (listener: () => void): (() => void) => store.subscribe(listener)

/** Forgets every record (tests). */
export const clearL2Txs = (): void => store.clear()

/** The state a person reads for a record: the furthest step reached. */
export function l2TxState(r: L2TxRecord): 'queued-offline' | 'rejected' | 'pending' | 'dropped' | 'trusted' | 'virtual' | 'consolidated' | 'alarm' {
  if (r.state !== 'sent') return r.state
  if (r.mismatch) return 'alarm'
  if (r.droppedAt !== undefined && r.batchNumber === undefined) return 'dropped'
  if (r.consolidatedAt) return 'consolidated'
  if (r.virtualAt) return 'virtual'
  if (r.batchNumber !== undefined) return 'trusted'
  return 'pending'
}
