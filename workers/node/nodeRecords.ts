/** The records the light node keeps in its KVStore, and their keys. */
import type { Account } from '../../src/protocol/account.js'
import type { Exit } from '../../src/protocol/batch/exitTree.js'
import type { Hex } from '../../src/protocol/field.js'
import type { PriorityOp } from '../../src/protocol/tx/priorityOp.js'
import type { L1BlockRef } from './l1Source.js'

/** Key prefix of the virtual account tree. */
export const TREE_PREFIX = 'tree/'

const pad = (value: bigint | number) => value.toString().padStart(12, '0')

/** The keys of the node's records; numbers are zero-padded so keys sort numerically. */
export const keys = {
  config: 'config',
  checkpoint: 'checkpoint',
  alarmNext: 'alarms/next',
  reorgs: 'reorgs',
  op: (index: bigint) => `op/${pad(index)}`,
  batch: (n: bigint) => `batch/${pad(n)}`,
  step: (seq: number) => `step/${pad(seq)}`,
  alarm: (id: number) => `alarm/${pad(id)}`,
  trusted: (n: bigint) => `trusted/${pad(n)}`,
  touched: (index: number) => `touched/${index}`,
  /** The account index an L1 address owns (indices are assigned by L1 and never change owner). */
  owner: (address: bigint) => `owner/${address.toString(16)}`,
  /** An account's values after each batch that changed it, back to the newest consolidated one. */
  history: (index: number) => `history/${index}`,
  /** The first batch from which account versions are kept (0: since genesis). */
  historySince: 'history/since',
} as const

/** The deployment a database belongs to; a database is never reused for another. */
export type NodeConfig = { chainId: bigint; rollupAddress: bigint; deployBlock: bigint }

/** Where the node is; written with every step, strictly durable. */
export type Checkpoint = {
  /** The last L1 block fully processed, and its hash (null before the first step). */
  syncedBlock: bigint
  syncedHash: Hex | null
  /** Sequence number of the last committed step (0: none). */
  stepSeq: number
  /** Priority ops stored (the next op index). */
  nextOpIndex: bigint
  /** Ops consumed by the batches re-executed so far. */
  sequencedOpsEnd: bigint
  /** The highest batch number L1 sequenced, and A at it as this node recomputed it. */
  lastSequencedBatch: bigint
  accInputHash: Hex
  /** The highest batch re-executed here (every batch up to it, in order). */
  lastExecutedBatch: bigint
  /** L1's lastVerifiedBatch as seen in events. */
  lastVerifiedBatch: bigint
  /** The highest batch such that it and every batch before it was verified here. */
  lastConsolidatedBatch: bigint
  /** Re-execution stopped at a batch with an alarm: later batches are recorded, not executed. */
  halted: boolean
}

/** The state of a batch as this node knows it. */
export type BatchStatus = 'virtual' | 'consolidated' | 'failed' | 'unexecuted'

/** What the node knows about one sequenced batch. */
export type BatchMeta = {
  batchNumber: bigint
  record: Uint8Array
  sequencedIn: { block: L1BlockRef; txHash: Hex }
  /** A_n as recomputed here. */
  accInputHash: Hex
  status: BatchStatus
  /** Roots from this node's re-execution (null when not executed). */
  oldStateRoot: bigint | null
  newStateRoot: bigint | null
  exitRoot: bigint | null
  /** Per slot, the exit this batch's exit tree commits to (null when not executed). */
  exits: (Exit | null)[] | null
  verifiedIn: { block: L1BlockRef; txHash: Hex; newStateRoot: bigint; exitRoot: bigint } | null
  /**
   * How long checking this batch's proof took in this node, in ms (null until checked; absent in
   * records written before it was kept). When several proofs were checked at once, this batch's
   * share of that check.
   */
  proofCheckMs?: number | null
  /** How many proofs were checked together with this one (1: alone). */
  proofCheckedWith?: number | null
  alarms: number[]
}

/** A queued priority op as stored. */
export type StoredOp = { opIndex: bigint; op: PriorityOp; opHash: Hex; deadline: bigint; block: L1BlockRef }

/** A batch the relay says it sequenced (trusted state). */
export type TrustedBatch = { batchNumber: bigint; record: Uint8Array }

/** An account's values after batch `batch` changed it. */
export type AccountVersion = { batch: bigint; account: Account }

/** One committed sync step and how to undo it (the previous value of every key it wrote). */
export type Step = {
  seq: number
  fromBlock: bigint
  toBlock: bigint
  undo: { key: string; value: Uint8Array | null }[]
}

/** What `Bridge.claim(batchNumber, slotIndex, recipient, amount, siblings)` takes, built from local state. */
export type ClaimProof = { batchNumber: bigint; slotIndex: number; recipient: Hex; amount: bigint; siblings: bigint[] }
