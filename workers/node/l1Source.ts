/**
 * What the light node reads from L1, as an interface: `src/l1/` implements it over viem, tests
 * implement it in memory (and can make it lie). Every value carries the L1 block it came from,
 * so the node can anchor its checkpoints and notice reorgs.
 */
import type { Hex } from '../../src/protocol/field.js'
import type { PriorityOp } from '../../src/protocol/tx/priorityOp.js'

/** An L1 block by number and hash. */
export type L1BlockRef = { number: bigint; hash: Hex }

/** A `PriorityOpQueued` event with the op it queued (§5.1). */
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

/** Everything the node needs from L1. Ranges are inclusive block numbers. */
export interface L1Source {
  /** The newest block the node should follow. */
  head(): Promise<L1BlockRef>
  /** The hash of block `number` on the chain as L1 sees it now, or undefined if there is no such block. */
  blockHash(number: bigint): Promise<Hex | undefined>
  /** `PriorityOpQueued` events in the range, in log order. */
  priorityOps(fromBlock: bigint, toBlock: bigint): Promise<QueuedPriorityOp[]>
  /** `sequenceBatches` calls in the range, in log order. */
  sequencedBatches(fromBlock: bigint, toBlock: bigint): Promise<SequencedBatches[]>
  /** `verifyBatches` calls in the range, in log order. */
  verifiedBatches(fromBlock: bigint, toBlock: bigint): Promise<VerifiedBatches[]>
}
