/**
 * The JSON form of a signed L2 transaction as submitted to the relay (PROTOCOL.md §4.3):
 * `{ type, from, to, amount, fee, nonce, signature: { R8x, R8y, S } }`, every integer a
 * canonical decimal string.
 */
import { MAX_NONCE, TxType } from '../constants.js'
import { BABYJUB_SUBORDER } from '../crypto/eddsa.js'
import { InvalidFieldElementError, InvalidTransactionError } from '../errors.js'
import { isFieldElement, parseDecimal } from '../field.js'
import type { SignedL2Tx } from './l2Tx.js'
import { l2TxFields } from './l2Tx.js'
import { assertCanonicalTx } from './packTx.js'

/** A signed L2 transaction in JSON form. */
export type L2TxJson = {
  type: string
  from: string
  to: string
  amount: string
  fee: string
  nonce: string
  signature: { R8x: string; R8y: string; S: string }
}

/** The JSON form of a signed L2 transaction. */
export function serializeL2Tx(tx: SignedL2Tx): L2TxJson {
  return {
    type: tx.type.toString(10),
    from: tx.from.toString(10),
    to: tx.to.toString(10),
    amount: tx.amount.toString(10),
    fee: tx.fee.toString(10),
    nonce: tx.nonce.toString(10),
    signature: {
      R8x: tx.signature.R8x.toString(10),
      R8y: tx.signature.R8y.toString(10),
      S: tx.signature.S.toString(10),
    },
  }
}

function field(value: unknown, name: string): bigint {
  try {
    return parseDecimal(value, name)
  } catch (cause) {
    throw new InvalidTransactionError({ reason: `${name} must be a decimal string` }, { cause })
  }
}

/**
 * Parses and validates a signed L2 transaction from untrusted JSON: structure, type (1 or 2),
 * canonical fields and ranges (typed range errors), nonce < 2^32, signature components
 * canonical (R8 < r, S < subgroup order). Does not check the signature itself.
 */
export function parseL2Tx(json: unknown): SignedL2Tx {
  if (typeof json !== 'object' || json === null) throw new InvalidTransactionError({ reason: 'expected an object' })
  const o = json as Record<string, unknown>
  const signature = o.signature
  if (typeof signature !== 'object' || signature === null) {
    throw new InvalidTransactionError({ reason: 'signature must be an object { R8x, R8y, S }' })
  }
  const s = signature as Record<string, unknown>

  const type = field(o.type, 'type')
  if (type !== BigInt(TxType.TRANSFER) && type !== BigInt(TxType.WITHDRAW)) {
    throw new InvalidTransactionError({ reason: `type ${type} is not an L2 transaction type (1 or 2)` })
  }
  const from = field(o.from, 'from')
  const to = field(o.to, 'to')
  const tx: SignedL2Tx = {
    type: Number(type) as SignedL2Tx['type'],
    // Clamp before Number(): a huge index must fail the range check, not round to a valid one.
    from: from > 0xffffffffn ? Number.MAX_SAFE_INTEGER : Number(from),
    to: to > 0xffffffffn ? Number.MAX_SAFE_INTEGER : Number(to),
    amount: field(o.amount, 'amount'),
    fee: field(o.fee, 'fee'),
    nonce: field(o.nonce, 'nonce'),
    signature: { R8x: field(s.R8x, 'signature.R8x'), R8y: field(s.R8y, 'signature.R8y'), S: field(s.S, 'signature.S') },
  }
  assertCanonicalTx(l2TxFields(tx))
  if (tx.nonce >= MAX_NONCE) throw new InvalidTransactionError({ reason: 'nonce must be < 2^32' })
  for (const name of ['R8x', 'R8y'] as const) {
    if (!isFieldElement(tx.signature[name])) throw new InvalidFieldElementError({ what: `signature.${name}`, value: tx.signature[name] })
  }
  if (tx.signature.S >= BABYJUB_SUBORDER) {
    throw new InvalidTransactionError({ reason: 'signature.S must be below the BabyJubJub subgroup order' })
  }
  return tx
}

