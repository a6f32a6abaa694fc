/**
 * Every parameter of PROTOCOL.md §1, plus the transaction type codes of §4.1.
 * Bit widths are numbers (for loops and shifts); bounds derived from them are bigints.
 */

/** Depth of the account tree: 2^16 account indices (§1). */
export const ACCOUNT_TREE_DEPTH = 16

/** Transaction slots per batch and per proof (§1). */
export const BATCH_SLOTS = 4

/** Depth of each batch's exit tree, log2(BATCH_SLOTS) (§1). */
export const EXIT_TREE_DEPTH = 2

/** Width of amounts and balances, in gwei (§1). */
export const AMOUNT_BITS = 64

/** Width of fees, in gwei (§1). */
export const FEE_BITS = 32

/** Width of account indices (§1). */
export const INDEX_BITS = 16

/** Width of the transaction type (§1). */
export const TYPE_BITS = 3

/** Width of an account nonce (§2.1). */
export const NONCE_BITS = 32

/** Width of an L1 address (§2.1). */
export const ADDRESS_BITS = 160

/** Width of a packed transaction: type + 2 indices + amount + fee (§4.2). */
export const PACKED_TX_BITS = TYPE_BITS + 2 * INDEX_BITS + AMOUNT_BITS + FEE_BITS

/** Bytes of one packed transaction in calldata (§4.2): 136 bits, the top 5 always zero. */
export const PACKED_TX_BYTES = 17

/** Bytes of a priority op's op data in a batch record: l1Address (20) ‖ pubAx (32) ‖ pubAy (32) (§5.1). */
export const OP_DATA_BYTES = 84

/** Bytes of a batch record's header: uint16 feeAccountIndex ‖ uint8 slotCount (§6.1). */
export const BATCH_RECORD_HEADER_BYTES = 3

/** Public inputs of a batch proof, 7 + 4·BATCH_SLOTS (§1, §7.1). */
export const PUBLIC_INPUTS = 7 + 4 * BATCH_SLOTS

/**
 * Leading public inputs (chainId, rollupAddress) the BatchVerifier folds into its constant term
 * at deployment (§7.1): it receives, and its Fiat–Shamir transcript covers, the other ones.
 */
export const FOLDED_PUBLIC_INPUTS = 2

/** One gwei in wei: the L2 unit (§1). */
export const GWEI = 10n ** 9n

/** The BN254 scalar field modulus r: every field element is in [0, r). */
export const SNARK_SCALAR_FIELD =
  21888242871839275222246405745257275088548364400416034343698204186575808495617n

/** Exclusive upper bound of an amount or balance: 2^64. */
export const MAX_AMOUNT = 1n << BigInt(AMOUNT_BITS)

/** Exclusive upper bound of a fee: 2^32. */
export const MAX_FEE = 1n << BigInt(FEE_BITS)

/** Exclusive upper bound of an account index: 2^16. */
export const MAX_ACCOUNT_INDEX = 1 << INDEX_BITS

/** Exclusive upper bound of a nonce: 2^32. */
export const MAX_NONCE = 1n << BigInt(NONCE_BITS)

/** Exclusive upper bound of an L1 address as an integer: 2^160. */
export const MAX_ADDRESS = 1n << BigInt(ADDRESS_BITS)

/** Transaction type codes (§4.1). */
export const TxType = {
  NOOP: 0,
  TRANSFER: 1,
  WITHDRAW: 2,
  DEPOSIT: 3,
  REGISTER_KEY: 4,
  FORCED_EXIT: 5,
} as const

/** One of the transaction type codes of §4.1. */
export type TxType = (typeof TxType)[keyof typeof TxType]

/** Types of L2 transactions, signed by the sender's L2 key. */
export type L2TxType = typeof TxType.TRANSFER | typeof TxType.WITHDRAW

/** Types of L1 priority operations (§5.1). */
export type PriorityOpType =
  | typeof TxType.DEPOSIT
  | typeof TxType.REGISTER_KEY
  | typeof TxType.FORCED_EXIT

/** True for a valid type code (0–5). */
export function isTxType(value: number): value is TxType {
  return Number.isInteger(value) && value >= TxType.NOOP && value <= TxType.FORCED_EXIT
}

/** True for TRANSFER and WITHDRAW. */
export function isL2TxType(value: number): value is L2TxType {
  return value === TxType.TRANSFER || value === TxType.WITHDRAW
}

/** True for DEPOSIT, REGISTER_KEY and FORCED_EXIT. */
export function isPriorityOpType(value: number): value is PriorityOpType {
  return value === TxType.DEPOSIT || value === TxType.REGISTER_KEY || value === TxType.FORCED_EXIT
}
