/**
 * L2 transactions (TRANSFER, WITHDRAW), their txHash and signature (PROTOCOL.md §4.3).
 */
import { MAX_ADDRESS, MAX_NONCE, TxType, type L2TxType } from '../constants.js'
import { type L2PrivateKey, type L2PublicKey, type Signature, signPoseidon, verifyPoseidon } from '../crypto/eddsa.js'
import { poseidon } from '../crypto/poseidon.js'
import { InvalidParameterError, InvalidTransactionError } from '../errors.js'
import { assertFieldElement } from '../field.js'
import { type UnpackedTx, packTx } from './packTx.js'

/** The network an L2 signature is bound to: L1 chain id and Rollup address as a 160-bit integer. */
export type ChainDomain = { chainId: bigint; rollupAddress: bigint }

/** An unsigned L2 transaction. For WITHDRAW, `to` is 0. Amount and fee in gwei. */
export type L2Tx = {
  type: L2TxType
  from: number
  to: number
  amount: bigint
  fee: bigint
  /** The sender's account nonce this transaction consumes. */
  nonce: bigint
}

/** An L2 transaction with its EdDSA-Poseidon signature. */
export type SignedL2Tx = L2Tx & { signature: Signature }

/** The slot fields of an L2 transaction. Throws InvalidTransactionError for a non-L2 type. */
export function l2TxFields(tx: L2Tx): UnpackedTx {
  if (tx.type !== TxType.TRANSFER && tx.type !== TxType.WITHDRAW) {
    throw new InvalidTransactionError({ reason: `type ${String(tx.type)} is not an L2 transaction type (1 or 2)` })
  }
  return { type: tx.type, fromIndex: tx.from, toIndex: tx.to, amount: tx.amount, fee: tx.fee }
}

/** The packed form of an L2 transaction (§4.2), validated. */
export function packL2Tx(tx: L2Tx): bigint {
  return packTx(l2TxFields(tx))
}

/** Throws InvalidParameterError unless the domain is a field chain id and a 160-bit address. */
export function assertChainDomain(domain: ChainDomain): void {
  assertFieldElement(domain.chainId, 'chainId')
  if (typeof domain.rollupAddress !== 'bigint' || domain.rollupAddress <= 0n || domain.rollupAddress >= MAX_ADDRESS) {
    throw new InvalidParameterError({ parameter: 'rollupAddress', reason: 'must be a non-zero 160-bit integer' })
  }
}

/** What txHash hashes, every field checked (throws InvalidTransactionError / InvalidParameterError). */
export function txHashInputs(tx: L2Tx, domain: ChainDomain): bigint[] {
  assertChainDomain(domain)
  if (typeof tx.nonce !== 'bigint' || tx.nonce < 0n || tx.nonce >= MAX_NONCE) {
    throw new InvalidTransactionError({ reason: 'nonce must be an integer in [0, 2^32)' })
  }
  return [packL2Tx(tx), tx.nonce, domain.chainId, domain.rollupAddress]
}

/** txHash = Poseidon(packed, nonce, chainId, rollupAddress) (§4.3). Needs `loadCrypto()`. */
export function txHash(tx: L2Tx, domain: ChainDomain): bigint {
  return poseidon(txHashInputs(tx, domain))
}

/** Signs an L2 transaction for `domain` with the sender's L2 key. Needs `loadCrypto()`. */
export function signTx(tx: L2Tx, domain: ChainDomain, privateKey: L2PrivateKey): SignedL2Tx {
  return { ...tx, signature: signPoseidon(privateKey, txHash(tx, domain)) }
}

/** True if `signature` is `publicKey`'s signature of the transaction for `domain`. Needs `loadCrypto()`. */
export function verifyTxSignature(tx: L2Tx, signature: Signature, publicKey: L2PublicKey, domain: ChainDomain): boolean {
  return verifyPoseidon(txHash(tx, domain), signature, publicKey)
}
