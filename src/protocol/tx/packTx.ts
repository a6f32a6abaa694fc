/**
 * The packed transaction (PROTOCOL.md §4.2): one field element per batch slot,
 * `type + fromIndex·2^3 + toIndex·2^19 + amount·2^35 + fee·2^99`, with canonical field values
 * per type. Packing and unpacking both enforce the canonical table, so a packed value this
 * module accepts is one the circuit accepts.
 */
import {
  AMOUNT_BITS,
  INDEX_BITS,
  MAX_ACCOUNT_INDEX,
  MAX_AMOUNT,
  MAX_FEE,
  PACKED_TX_BITS,
  TYPE_BITS,
  TxType,
  isTxType,
} from '../constants.js'
import { AccountIndexOutOfRangeError, AmountOutOfRangeError, FeeOutOfRangeError, InvalidTransactionError } from '../errors.js'

/** The five fields of a batch slot. */
export type UnpackedTx = {
  type: TxType
  fromIndex: number
  toIndex: number
  amount: bigint
  fee: bigint
}

const FROM_SHIFT = BigInt(TYPE_BITS)
const TO_SHIFT = FROM_SHIFT + BigInt(INDEX_BITS)
const AMOUNT_SHIFT = TO_SHIFT + BigInt(INDEX_BITS)
const FEE_SHIFT = AMOUNT_SHIFT + BigInt(AMOUNT_BITS)
const TYPE_MASK = (1n << BigInt(TYPE_BITS)) - 1n
const INDEX_MASK = (1n << BigInt(INDEX_BITS)) - 1n
const AMOUNT_MASK = MAX_AMOUNT - 1n
const FEE_MASK = MAX_FEE - 1n

const typeNames: Record<TxType, string> = {
  [TxType.NOOP]: 'NOOP',
  [TxType.TRANSFER]: 'TRANSFER',
  [TxType.WITHDRAW]: 'WITHDRAW',
  [TxType.DEPOSIT]: 'DEPOSIT',
  [TxType.REGISTER_KEY]: 'REGISTER_KEY',
  [TxType.FORCED_EXIT]: 'FORCED_EXIT',
}

/** The spec name of a type code, e.g. `TRANSFER`. */
export function txTypeName(type: TxType): string {
  return typeNames[type]
}

function assertIndex(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= MAX_ACCOUNT_INDEX) {
    throw new AccountIndexOutOfRangeError({ what, value })
  }
}

/**
 * Checks types and widths, then the canonical table of §4.2. Throws InvalidTransactionError
 * (bad type, non-canonical field), AccountIndexOutOfRangeError, AmountOutOfRangeError or
 * FeeOutOfRangeError.
 */
export function assertCanonicalTx(tx: UnpackedTx): void {
  const { type, fromIndex, toIndex, amount, fee } = tx
  if (typeof type !== 'number' || !isTxType(type)) {
    throw new InvalidTransactionError({ reason: `type ${String(type)} is not one of 0–5` })
  }
  assertIndex(fromIndex, 'fromIndex')
  assertIndex(toIndex, 'toIndex')
  if (typeof amount !== 'bigint') throw new InvalidTransactionError({ reason: 'amount must be a bigint' })
  if (typeof fee !== 'bigint') throw new InvalidTransactionError({ reason: 'fee must be a bigint' })
  if (amount < 0n || amount >= MAX_AMOUNT) throw new AmountOutOfRangeError({ what: 'amount', value: amount })
  if (fee < 0n || fee >= MAX_FEE) throw new FeeOutOfRangeError({ value: fee })
  const name = typeNames[type]
  const mustBeZero = (field: string, value: number | bigint) => {
    if (value !== 0 && value !== 0n) throw new InvalidTransactionError({ reason: `${field} must be 0 for ${name}` })
  }
  switch (type) {
    case TxType.NOOP:
      mustBeZero('fromIndex', fromIndex)
      mustBeZero('toIndex', toIndex)
      mustBeZero('amount', amount)
      mustBeZero('fee', fee)
      break
    case TxType.TRANSFER:
      break
    case TxType.WITHDRAW:
      mustBeZero('toIndex', toIndex)
      break
    case TxType.DEPOSIT:
      mustBeZero('toIndex', toIndex)
      mustBeZero('fee', fee)
      break
    case TxType.REGISTER_KEY:
    case TxType.FORCED_EXIT:
      mustBeZero('toIndex', toIndex)
      mustBeZero('amount', amount)
      mustBeZero('fee', fee)
      break
  }
}

/** Packs the slot fields into one field element after checking they are canonical. */
export function packTx(tx: UnpackedTx): bigint {
  assertCanonicalTx(tx)
  return (
    BigInt(tx.type) |
    (BigInt(tx.fromIndex) << FROM_SHIFT) |
    (BigInt(tx.toIndex) << TO_SHIFT) |
    (tx.amount << AMOUNT_SHIFT) |
    (tx.fee << FEE_SHIFT)
  )
}

/** Splits a packed value into fields; throws InvalidTransactionError if it has bits ≥ 131 or is not canonical. */
export function unpackTx(packed: bigint): UnpackedTx {
  if (typeof packed !== 'bigint' || packed < 0n || packed >> BigInt(PACKED_TX_BITS) !== 0n) {
    throw new InvalidTransactionError({ reason: `packed value has bits above bit ${PACKED_TX_BITS - 1}` })
  }
  const type = Number(packed & TYPE_MASK)
  if (!isTxType(type)) throw new InvalidTransactionError({ reason: `type ${type} is not one of 0–5` })
  const tx: UnpackedTx = {
    type,
    fromIndex: Number((packed >> FROM_SHIFT) & INDEX_MASK),
    toIndex: Number((packed >> TO_SHIFT) & INDEX_MASK),
    amount: (packed >> AMOUNT_SHIFT) & AMOUNT_MASK,
    fee: (packed >> FEE_SHIFT) & FEE_MASK,
  }
  assertCanonicalTx(tx)
  return tx
}
