/** What the L1 module reads from the Rollup: events with their L1 block, and the data of the calls that emitted them. */
import type { Hex } from '../protocol/field.js'
import type { PriorityOp } from '../protocol/tx/priorityOp.js'

/** An L1 block by number and hash. */
export type L1BlockRef = { number: bigint; hash: Hex }

/** A `PriorityOpQueued` event with the op it queued (PROTOCOL.md §5.1). */
export type QueuedPriorityOp = {
  opIndex: bigint
  op: PriorityOp
  deadline: bigint
  block: L1BlockRef
  logIndex: number
}

/** One `sequenceBatches` call: its `BatchesSequenced` event and the `batches` bytes of its calldata (§6.1). */
export type SequencedBatches = {
  firstBatch: bigint
  lastBatch: bigint
  /** The checkpoint the contract stored: A at `lastBatch`. */
  accInputHash: Hex
  /** The concatenated batch records, exactly as in the calldata. */
  records: Uint8Array
  block: L1BlockRef
  logIndex: number
  txHash: Hex
}

/** One proof of a `verifyBatches` call: the prover's roots and the proof words in Solidity order (§8). */
export type L1BatchProof = {
  newStateRoot: bigint
  exitRoot: bigint
  /** `[A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]`. */
  proof: readonly bigint[]
}

/** One `verifyBatches` call: its `BatchesVerified` event and its calldata (§8). */
export type VerifiedBatches = {
  firstBatch: bigint
  lastBatch: bigint
  /** The state root the contract stored (the last proof's new root). */
  stateRoot: bigint
  /** The `records` argument: the verified batches' records as sequenced. */
  records: Uint8Array
  proofs: readonly L1BatchProof[]
  block: L1BlockRef
  logIndex: number
  txHash: Hex
}
