/**
 * Test helpers shared by the protocol tests (not exported from the package entry): a network
 * domain, deterministic L2 keys, and small builders for priority ops and signed transactions.
 */
import { TxType } from '../constants.js'
import { type L2PrivateKey, type L2PublicKey, l2PublicKey } from '../crypto/eddsa.js'
import type { BatchContext } from '../executor/types.js'
import { type ChainDomain, type L2Tx, type SignedL2Tx, signTx } from '../tx/l2Tx.js'
import type { PriorityOp } from '../tx/priorityOp.js'

export const DOMAIN: ChainDomain = { chainId: 31337n, rollupAddress: 0x5fbdb2315678afecb367f032d93f642f64180aa3n }
export const OTHER_CHAIN: ChainDomain = { chainId: 1n, rollupAddress: DOMAIN.rollupAddress }

/** A deterministic private key per small integer seed. */
export function testKey(seed: number): L2PrivateKey {
  const key = new Uint8Array(32)
  key[0] = 0x4c
  key[1] = seed & 0xff
  key[2] = (seed >> 8) & 0xff
  return key
}

const publicKeys = new Map<number, L2PublicKey>()
/** The public key of testKey(seed), memoised (a scalar multiplication costs ~15 ms). */
export function testPublicKey(seed: number): L2PublicKey {
  let key = publicKeys.get(seed)
  if (!key) publicKeys.set(seed, (key = l2PublicKey(testKey(seed))))
  return key
}

/** The L1 address used for account `index` in tests. */
export function testAddress(index: number): bigint {
  return 0x1000000000000000000000000000000000000000n + BigInt(index)
}

export function deposit(accountIndex: number, amount: bigint, withKeySeed?: number, l1Address = testAddress(accountIndex)): PriorityOp {
  const key = withKeySeed === undefined ? { pubAx: 0n, pubAy: 0n } : testPublicKey(withKeySeed)
  return { opType: TxType.DEPOSIT, accountIndex, l1Address, amount, ...key }
}

export function registerKey(accountIndex: number, keySeed: number, l1Address = testAddress(accountIndex)): PriorityOp {
  return { opType: TxType.REGISTER_KEY, accountIndex, l1Address, amount: 0n, ...testPublicKey(keySeed) }
}

export function forcedExit(accountIndex: number, l1Address = testAddress(accountIndex)): PriorityOp {
  return { opType: TxType.FORCED_EXIT, accountIndex, l1Address, amount: 0n, pubAx: 0n, pubAy: 0n }
}

export function transfer(from: number, to: number, amount: bigint, fee: bigint, nonce: bigint): L2Tx {
  return { type: TxType.TRANSFER, from, to, amount, fee, nonce }
}

export function withdraw(from: number, amount: bigint, fee: bigint, nonce: bigint): L2Tx {
  return { type: TxType.WITHDRAW, from, to: 0, amount, fee, nonce }
}

/** Signs with testKey(keySeed) for `domain` (default DOMAIN). */
export function signed(tx: L2Tx, keySeed: number, domain: ChainDomain = DOMAIN): SignedL2Tx {
  return signTx(tx, domain, testKey(keySeed))
}

export function context(batchNumber: bigint, feeAccountIndex = 1): BatchContext {
  return { ...DOMAIN, batchNumber, feeAccountIndex }
}
