// What the relay persists: pooled transactions and trusted batches. Plain data; the storage
// backends (SQLite today) encode them.
import type { L2PublicKey } from '../../src/protocol/crypto/eddsa'
import type { Hex } from '../../src/protocol/field'
import type { SignedL2Tx } from '../../src/protocol/tx/l2Tx'

/** A transaction the pool accepted: durable before it was acknowledged. */
export type PooledTx = {
  /** txHash (§4.3) as bytes32. */
  hash: Hex
  tx: SignedL2Tx
  /** Unix ms when it was accepted (expiry counts from here). */
  receivedAt: number
  /** The sender key its signature was checked against at admission. */
  verifiedKey: L2PublicKey
}

/** One non-NOOP slot of a trusted batch. */
export type SlotRecord = {
  slot: number
  kind: 'l2' | 'priority'
  hash: Hex
  type: number
  fromIndex: number
  toIndex: number
  amount: bigint
  fee: bigint
  /** L2 transactions: the nonce consumed; priority ops: null. */
  nonce: bigint | null
  /** L1 address owning fromIndex (after the slot). */
  fromAddress: bigint
  /** L1 address owning toIndex for a transfer, the sender's for a withdrawal, null for priority ops. */
  toAddress: bigint | null
  signature: { R8x: bigint; R8y: bigint; S: bigint } | null
  /** Priority ops: position in the L1 queue (0-based). */
  queueIndex: number | null
}

/** A trusted batch as sequenced (numbers from 1; 0 is the genesis head). */
export type BatchRecord = {
  number: number
  hash: Hex
  parentHash: Hex
  /** Unix seconds. */
  timestamp: number
  oldStateRoot: bigint
  stateRoot: bigint
  priorityOpCount: number
  /** Priority ops consumed from the L1 queue after this batch (queue index of the next one). */
  priorityOpsConsumed: number
  exitRoot: bigint
  /** A_n = keccak256(A_{n−1} ‖ record) (§6.1): what L1 will hold for this batch once it is sequenced. */
  accInputHash: Hex
  /** The proof's public inputs (§7.1), in order. */
  publicInputs: bigint[]
  feeAccountIndex: number
  totalFees: bigint
  /** The L1 batch record (§6.1): the exact bytes `sequenceBatches` posts for this batch. */
  record: Uint8Array
  /** Every non-NOOP slot, in slot order: with the state before the batch, all a prover job needs to make the circuit input. */
  slots: SlotRecord[]
}
