/**
 * What the light node reads from L1, as an interface: `src/l1/` implements it over viem, tests
 * implement it in memory (and can make it lie). Every value carries the L1 block it came from,
 * so the node can anchor its checkpoints and notice reorgs.
 */
import type { Hex } from '../../src/protocol/field.js'
import type { L1BlockRef, QueuedPriorityOp, SequencedBatches, VerifiedBatches } from '../../src/l1/types.js'

export type { L1BatchProof, L1BlockRef, QueuedPriorityOp, SequencedBatches, VerifiedBatches } from '../../src/l1/types.js'

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
