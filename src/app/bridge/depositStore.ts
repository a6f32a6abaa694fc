// Deposits this browser sent, persisted in localStorage so the tracker survives a reload: the
// L1 facts (tx hash, block, op index, deadline) are re-read from L1 on resume, never trusted
// from storage alone. Times are when this browser first saw each step.
import { createLocalRecordStore } from '../storage/localRecordStore'

export type DepositRecord = {
  /** The L1 transaction hash. */
  id: `0x${string}`
  chainId: number
  rollup: `0x${string}`
  from: `0x${string}`
  recipient: `0x${string}`
  amountWei: string
  sentAt: number
  minedAt?: number
  minedBlock?: string
  /** From PriorityOpQueued in the receipt. */
  opIndex?: number
  deadlineBlock?: string
  queuedAt?: number
  /** The Rollup's sequencedPriorityOpsEnd passed the op: its batch data is on L1. */
  virtualAt?: number
  /** verifiedPriorityOpsEnd passed the op: its batch is proven on L1. */
  provenAt?: number
  /** Frozen mode: refunded by Bridge.refundDeposit. */
  refundedAt?: number
  failed?: string
}

const store = createLocalRecordStore<DepositRecord>('lantern.deposits', (d) => d.id)

/** Every deposit sent from this browser, newest first. */
export const listDeposits = (): DepositRecord[] => store.list()

/** Keeps a sent deposit (first in the list; a record with the same L1 hash is replaced). */
export const addDeposit = (record: DepositRecord): void => store.add(record)

/** Merges `patch` into the deposit with this L1 hash. */
export const updateDeposit = (id: string, patch: Partial<DepositRecord>): void => store.update(id, patch)

/** Calls `listener` on every change, also from another tab; returns the unsubscribe function. */
export const subscribeDeposits = (listener: () => void): (() => void) => store.subscribe(listener)
