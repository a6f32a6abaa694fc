import type { Account } from '../account.js'
import type { Exit } from '../batch/exitTree.js'
import type { Signature } from '../crypto/eddsa.js'
import type { AccountWithProof } from '../tree/accountTree.js'
import type { ChainDomain, L2Tx, SignedL2Tx } from '../tx/l2Tx.js'
import type { UnpackedTx } from '../tx/packTx.js'
import type { PriorityOp } from '../tx/priorityOp.js'
import type { CircuitInput } from './circuitInput.js'

/** What a batch is executed against: the network, its number, fee account and P[start]. */
export type BatchContext = ChainDomain & {
  /** Batches are numbered from 1 (§6.1). */
  batchNumber: bigint
  /** Account credited with the batch's fees (§6.3). */
  feeAccountIndex: number
  /** P[s], the priority chain value before the batch's first priority op (§5.2). */
  oldPriorityHash: bigint
}

/**
 * One batch slot to execute: an L2 transaction (signed, unless signatures are not verified),
 * a priority operation from the L1 queue, or explicit padding.
 */
export type SlotItem =
  | { kind: 'l2'; tx: SignedL2Tx | L2Tx }
  | { kind: 'priority'; op: PriorityOp }
  | { kind: 'noop' }

/** Options of a batch execution. */
export type ExecutionOptions = {
  /**
   * Verify L2 signatures (default true). A light node re-executing calldata has no signatures
   * and sets this to false: every other rule is still checked, and the proof covers signatures.
   */
  verifySignatures?: boolean
  /**
   * Other deployments to test a failing signature against, so the error can say
   * WrongChainError (signed for one of these) instead of InvalidSignatureError.
   */
  otherDomains?: readonly ChainDomain[]
  /** Key prefix of the account tree in the store (see AccountTree). */
  treePrefix?: string
}

/** The effect of one applied slot, for callers (the relay pool, the UI). */
export type AppliedSlot = {
  /** Position in the batch, 0-based. */
  slot: number
  fields: UnpackedTx
  packed: bigint
  /** Fee paid to the fee account (0 for priority ops and NOOP). */
  fee: bigint
  /** The slot's exit (WITHDRAW, FORCED_EXIT) or null. */
  exit: Exit | null
  /** The account at fromIndex after the slot. */
  from: Account
  /** The account at toIndex after the slot. */
  to: Account
}

/** Everything the circuit needs about one slot (§7.3), recorded while it is applied. */
export type SlotWitness = {
  fields: UnpackedTx
  signature: Signature
  opAddress: bigint
  opPubAx: bigint
  opPubAy: bigint
  /** The leaf at fromIndex before the slot, with its path. */
  from: AccountWithProof
  /** The leaf at toIndex after the "from" update, with its path. */
  to: AccountWithProof
}

/** The outcome of executing a batch. */
export type BatchResult = {
  context: BatchContext
  oldStateRoot: bigint
  newStateRoot: bigint
  oldPriorityHash: bigint
  /** P[e] after the batch's priority slots. */
  newPriorityHash: bigint
  /** Number of priority ops the batch consumed. */
  priorityOpCount: number
  dataCommitment: bigint
  exitRoot: bigint
  /** Per slot (BATCH_SLOTS entries): the exit, or null. */
  exitLeaves: (Exit | null)[]
  /** Per slot (BATCH_SLOTS entries): the packed transaction, 0 for NOOP. */
  packedTxs: bigint[]
  /** The `txs` calldata: packed slots of 17 bytes, trailing NOOPs omitted. */
  calldata: Uint8Array
  /** Sum of the fees credited to the fee account. */
  totalFees: bigint
  publicInputHash: bigint
  /** The witness input of circuits/batch.circom, exactly the signals of §7.3 plus publicInputHash. */
  circuitInput: CircuitInput
}
