import type { Account } from '../account.js'
import type { Exit } from '../batch/exitTree.js'
import type { Signature } from '../crypto/eddsa.js'
import type { AccountWithProof } from '../tree/accountTree.js'
import type { ChainDomain, L2Tx, SignedL2Tx } from '../tx/l2Tx.js'
import type { UnpackedTx } from '../tx/packTx.js'
import type { PriorityOp } from '../tx/priorityOp.js'
import type { CircuitInput } from './circuitInput.js'

/** What a batch is executed against: the network, its number and its fee account. */
export type BatchContext = ChainDomain & {
  /** Batches are numbered from 1 (§6.1). */
  batchNumber: bigint
  /** Account credited with the batch's fees (§6.3). */
  feeAccountIndex: number
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
  /**
   * Record the circuit witness (default true). With false no Merkle path is read, so the tree is
   * hashed once per batch, when its root is read, instead of between slots for each path: what a
   * light node wants, as it needs the roots and not the circuit input. Finish such a batch with
   * `finalizeOutcome()`; `finalize()` refuses it.
   */
  witness?: boolean
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
  /** The slot's packed transaction: the public `tx[j]`. */
  packed: bigint
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
  /** Number of priority ops the batch consumed. */
  priorityOpCount: number
  /** The priority ops the batch consumed, in slot order (what its record's op data carries). */
  priorityOps: PriorityOp[]
  exitRoot: bigint
  /** Per slot (BATCH_SLOTS entries): the exit, or null. */
  exitLeaves: (Exit | null)[]
  /** Per slot (BATCH_SLOTS entries): the packed transaction, 0 for NOOP. */
  packedTxs: bigint[]
  /** The L1 batch record (§6.1) the sequencer posts: trailing NOOPs omitted, op data of each priority slot. */
  record: Uint8Array
  /** The proof's public inputs (§7.1), PUBLIC_INPUTS values in order. */
  publicInputs: bigint[]
  /** Sum of the fees credited to the fee account. */
  totalFees: bigint
  /** The witness input of circuits/batch.circom, exactly the signals of §7.3 (public ones first). */
  circuitInput: CircuitInput
}

/** The outcome of a batch executed without its circuit witness (`witness: false`). */
export type BatchOutcome = Omit<BatchResult, 'circuitInput'>
