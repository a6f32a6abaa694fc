/**
 * Accounts and their leaf hash (PROTOCOL.md §2.1), plus the 96-byte encoding accounts are
 * stored under in a KVStore.
 */
import { MAX_ADDRESS, MAX_AMOUNT, MAX_NONCE } from './constants.js'
import { poseidon } from './crypto/poseidon.js'
import { AmountOutOfRangeError, CorruptStoreError, InvalidParameterError } from './errors.js'
import { assertFieldElement, bigintToBytes, bytesToBigint } from './field.js'

/** An account leaf. `address = 0` exactly when the account is empty (all fields 0). */
export type Account = {
  /** Owning L1 address as a 160-bit integer; 0 only for the empty account. */
  address: bigint
  /** Balance in gwei, < 2^64. */
  balance: bigint
  /** Number of L2 transactions sent, < 2^32. */
  nonce: bigint
  /** BabyJubJub public key; (0, 0) = no key yet. */
  pubAx: bigint
  pubAy: bigint
}

/** The empty account: all zeros. */
export const EMPTY_ACCOUNT: Readonly<Account> = Object.freeze({ address: 0n, balance: 0n, nonce: 0n, pubAx: 0n, pubAy: 0n })

/**
 * EMPTY_LEAF = Poseidon(0, 0, 0, 0, 0), the default leaf of every unused index. A constant so
 * it is usable before `loadCrypto()`; a known-answer test recomputes it.
 */
export const EMPTY_LEAF = 14655542659562014735865511769057053982292279840403315552050801315682099828156n

/** True for the empty account (address 0). */
export function isEmptyAccount(account: Account): boolean {
  return account.address === 0n
}

/** True if the account has an L2 key: (pubAx, pubAy) ≠ (0, 0). */
export function hasL2Key(account: Account): boolean {
  return account.pubAx !== 0n || account.pubAy !== 0n
}

/** Throws unless every field has its width and address 0 implies all fields 0 (§2.1). */
export function assertValidAccount(account: Account): void {
  const { address, balance, nonce, pubAx, pubAy } = account
  if (typeof address !== 'bigint' || address < 0n || address >= MAX_ADDRESS) {
    throw new InvalidParameterError({ parameter: 'account.address', reason: 'must be a 160-bit integer' })
  }
  if (typeof balance !== 'bigint' || balance < 0n || balance >= MAX_AMOUNT) {
    throw new AmountOutOfRangeError({ what: 'balance', value: balance })
  }
  if (typeof nonce !== 'bigint' || nonce < 0n || nonce >= MAX_NONCE) {
    throw new InvalidParameterError({ parameter: 'account.nonce', reason: 'must be a 32-bit integer' })
  }
  assertFieldElement(pubAx, 'account.pubAx')
  assertFieldElement(pubAy, 'account.pubAy')
  if (address === 0n && (balance !== 0n || nonce !== 0n || pubAx !== 0n || pubAy !== 0n)) {
    throw new InvalidParameterError({ parameter: 'account', reason: 'an account with address 0 must be all zeros' })
  }
}

/** leaf(account) = Poseidon(address, balance, nonce, pubAx, pubAy). Needs `loadCrypto()`. */
export function leafHash(account: Account): bigint {
  return poseidon([account.address, account.balance, account.nonce, account.pubAx, account.pubAy])
}

/** Byte length of a stored account: address 20 ‖ balance 8 ‖ nonce 4 ‖ pubAx 32 ‖ pubAy 32. */
export const ACCOUNT_BYTES = 96

/** The 96-byte big-endian storage encoding of an account. */
export function encodeAccount(account: Account): Uint8Array {
  assertValidAccount(account)
  const out = new Uint8Array(ACCOUNT_BYTES)
  out.set(bigintToBytes(account.address, 20), 0)
  out.set(bigintToBytes(account.balance, 8), 20)
  out.set(bigintToBytes(account.nonce, 4), 28)
  out.set(bigintToBytes(account.pubAx, 32), 32)
  out.set(bigintToBytes(account.pubAy, 32), 64)
  return out
}

/** Decodes `encodeAccount` output; throws CorruptStoreError for anything else. */
export function decodeAccount(bytes: Uint8Array, key = 'account'): Account {
  if (bytes.length !== ACCOUNT_BYTES) throw new CorruptStoreError({ key, reason: `expected ${ACCOUNT_BYTES} bytes, got ${bytes.length}` })
  const account: Account = {
    address: bytesToBigint(bytes.subarray(0, 20)),
    balance: bytesToBigint(bytes.subarray(20, 28)),
    nonce: bytesToBigint(bytes.subarray(28, 32)),
    pubAx: bytesToBigint(bytes.subarray(32, 64)),
    pubAy: bytesToBigint(bytes.subarray(64, 96)),
  }
  try {
    assertValidAccount(account)
  } catch (cause) {
    throw new CorruptStoreError({ key, reason: 'not a valid account' }, { cause })
  }
  return account
}

/** True if both accounts have identical fields. */
export function accountsEqual(a: Account, b: Account): boolean {
  return a.address === b.address && a.balance === b.balance && a.nonce === b.nonce && a.pubAx === b.pubAx && a.pubAy === b.pubAy
}
