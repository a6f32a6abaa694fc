/**
 * L1 priority operations (PROTOCOL.md §5): DEPOSIT, REGISTER_KEY and FORCED_EXIT, and their
 * packed form. Their op hash (the L1 binding, §5.2) is in batch/opHash.ts.
 */
import { MAX_ADDRESS, TxType, isPriorityOpType, type PriorityOpType } from '../constants.js'
import { InvalidTransactionError } from '../errors.js'
import { assertFieldElement } from '../field.js'
import { packTx } from './packTx.js'

/** A queued priority operation, as the Rollup contract records it (§5.1). */
export type PriorityOp = {
  opType: PriorityOpType
  /** Assigned by the contract for `l1Address` (§2.2). */
  accountIndex: number
  /** DEPOSIT: the recipient; REGISTER_KEY / FORCED_EXIT: the sender. Never 0. */
  l1Address: bigint
  /** DEPOSIT: gwei; otherwise 0. */
  amount: bigint
  /** REGISTER_KEY: the key; DEPOSIT: a key or (0, 0); FORCED_EXIT: (0, 0). */
  pubAx: bigint
  pubAy: bigint
}

/**
 * Checks an op as the executor and the circuit re-check what the contract enforced: a priority
 * type, canonical packed fields, a non-zero 160-bit address, field-element keys, a key for
 * REGISTER_KEY and none for FORCED_EXIT. Throws InvalidTransactionError or a range error.
 */
export function assertValidPriorityOp(op: PriorityOp): void {
  if (!isPriorityOpType(op.opType)) {
    throw new InvalidTransactionError({ reason: `opType ${String(op.opType)} is not a priority operation type (3, 4 or 5)` })
  }
  packedOp(op)
  if (typeof op.l1Address !== 'bigint' || op.l1Address <= 0n || op.l1Address >= MAX_ADDRESS) {
    throw new InvalidTransactionError({ reason: 'l1Address must be a non-zero 160-bit integer' })
  }
  assertFieldElement(op.pubAx, 'pubAx')
  assertFieldElement(op.pubAy, 'pubAy')
  const hasKey = op.pubAx !== 0n || op.pubAy !== 0n
  if (op.opType === TxType.REGISTER_KEY && !hasKey) {
    throw new InvalidTransactionError({ reason: 'REGISTER_KEY must carry a key other than (0, 0)' })
  }
  if (op.opType === TxType.FORCED_EXIT && hasKey) {
    throw new InvalidTransactionError({ reason: 'FORCED_EXIT must carry the key (0, 0)' })
  }
}

/** packedOp = opType + accountIndex·2^3 + amount·2^35: the packed transaction its slot carries (§5.1). */
export function packedOp(op: PriorityOp): bigint {
  if (!isPriorityOpType(op.opType)) {
    throw new InvalidTransactionError({ reason: `opType ${String(op.opType)} is not a priority operation type (3, 4 or 5)` })
  }
  return packTx({ type: op.opType, fromIndex: op.accountIndex, toIndex: 0, amount: op.amount, fee: 0n })
}
