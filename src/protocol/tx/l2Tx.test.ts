import { beforeAll, describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD, TxType } from '../constants.js'
import { BABYJUB_SUBORDER } from '../crypto/eddsa.js'
import { loadCrypto } from '../crypto/loadCrypto.js'
import { poseidon } from '../crypto/poseidon.js'
import {
  AccountIndexOutOfRangeError,
  AmountOutOfRangeError,
  FeeOutOfRangeError,
  InvalidFieldElementError,
  InvalidParameterError,
  InvalidTransactionError,
} from '../errors.js'
import { DOMAIN, OTHER_CHAIN, testKey, testPublicKey, transfer, withdraw } from '../testing/fixtures.js'
import { type L2Tx, signTx, txHash, verifyTxSignature } from './l2Tx.js'
import { parseL2Tx, serializeL2Tx } from './l2TxJson.js'
import { packTx } from './packTx.js'

beforeAll(loadCrypto)

const tx: L2Tx = transfer(1, 2, 1000n, 5n, 3n)

describe('txHash', () => {
  test('is Poseidon(packed, nonce, chainId, rollupAddress)', () => {
    const packed = packTx({ type: TxType.TRANSFER, fromIndex: 1, toIndex: 2, amount: 1000n, fee: 5n })
    expect(txHash(tx, DOMAIN)).toBe(poseidon([packed, 3n, DOMAIN.chainId, DOMAIN.rollupAddress]))
  })

  test('binds every field, the nonce, the chain and the rollup', () => {
    const base = txHash(tx, DOMAIN)
    const variants: L2Tx[] = [
      { ...tx, from: 9 },
      { ...tx, to: 9 },
      { ...tx, amount: 1001n },
      { ...tx, fee: 6n },
      { ...tx, nonce: 4n },
      withdraw(1, 1000n, 5n, 3n),
    ]
    for (const variant of variants) expect(txHash(variant, DOMAIN)).not.toBe(base)
    expect(txHash(tx, OTHER_CHAIN)).not.toBe(base)
    expect(txHash(tx, { ...DOMAIN, rollupAddress: DOMAIN.rollupAddress + 1n })).not.toBe(base)
  })

  test('rejects a bad domain, nonce or type', () => {
    expect(() => txHash(tx, { ...DOMAIN, rollupAddress: 1n << 160n })).toThrow(InvalidParameterError)
    expect(() => txHash(tx, { ...DOMAIN, chainId: SNARK_SCALAR_FIELD })).toThrow(InvalidFieldElementError)
    expect(() => txHash({ ...tx, nonce: 1n << 32n }, DOMAIN)).toThrow(InvalidTransactionError)
    expect(() => txHash({ ...tx, type: TxType.DEPOSIT as never }, DOMAIN)).toThrow(InvalidTransactionError)
  })
})

describe('signTx / verifyTxSignature', () => {
  const signedTx = () => signTx(tx, DOMAIN, testKey(1))

  test('a signature verifies for the signer, this transaction and this network', () => {
    const { signature } = signedTx()
    expect(verifyTxSignature(tx, signature, testPublicKey(1), DOMAIN)).toBe(true)
  })

  test('fails for another key, another chain, another rollup and another transaction', () => {
    const { signature } = signedTx()
    expect(verifyTxSignature(tx, signature, testPublicKey(2), DOMAIN)).toBe(false)
    expect(verifyTxSignature(tx, signature, testPublicKey(1), OTHER_CHAIN)).toBe(false)
    expect(verifyTxSignature(tx, signature, testPublicKey(1), { ...DOMAIN, rollupAddress: 7n })).toBe(false)
    expect(verifyTxSignature({ ...tx, amount: 999n }, signature, testPublicKey(1), DOMAIN)).toBe(false)
    expect(verifyTxSignature({ ...tx, nonce: 4n }, signature, testPublicKey(1), DOMAIN)).toBe(false)
  })
})

describe('L2 transaction JSON', () => {
  test('round-trips with decimal strings', () => {
    const signed = signTx(tx, DOMAIN, testKey(1))
    const json = serializeL2Tx(signed)
    expect(json).toMatchObject({ type: '1', from: '1', to: '2', amount: '1000', fee: '5', nonce: '3' })
    expect(typeof json.signature.S).toBe('string')
    expect(parseL2Tx(JSON.parse(JSON.stringify(json)))).toEqual(signed)
  })

  const valid = () => serializeL2Tx(signTx(withdraw(1, 10n, 1n, 0n), DOMAIN, testKey(1)))

  test('rejects malformed structure and non-decimal integers', () => {
    for (const bad of [null, 5, 'x', { ...valid(), signature: undefined }, { ...valid(), amount: 10 }, { ...valid(), fee: '0x1' }, { ...valid(), nonce: '01' }]) {
      expect(() => parseL2Tx(bad)).toThrow(InvalidTransactionError)
    }
  })

  test('rejects non-L2 types and non-canonical fields', () => {
    expect(() => parseL2Tx({ ...valid(), type: '3' })).toThrow(InvalidTransactionError)
    expect(() => parseL2Tx({ ...valid(), type: '0' })).toThrow(InvalidTransactionError)
    expect(() => parseL2Tx({ ...valid(), to: '2' })).toThrow(InvalidTransactionError) // a WITHDRAW has to = 0
  })

  test('rejects out-of-range values with typed errors', () => {
    expect(() => parseL2Tx({ ...valid(), amount: (1n << 64n).toString() })).toThrow(AmountOutOfRangeError)
    expect(() => parseL2Tx({ ...valid(), fee: (1n << 32n).toString() })).toThrow(FeeOutOfRangeError)
    expect(() => parseL2Tx({ ...valid(), from: '65536' })).toThrow(AccountIndexOutOfRangeError)
    expect(() => parseL2Tx({ ...valid(), from: '18446744073709551617' })).toThrow(AccountIndexOutOfRangeError)
    expect(() => parseL2Tx({ ...valid(), nonce: (1n << 32n).toString() })).toThrow(InvalidTransactionError)
  })

  test('rejects non-canonical signature components', () => {
    const v = valid()
    expect(() => parseL2Tx({ ...v, signature: { ...v.signature, R8x: SNARK_SCALAR_FIELD.toString() } })).toThrow(InvalidFieldElementError)
    expect(() => parseL2Tx({ ...v, signature: { ...v.signature, S: BABYJUB_SUBORDER.toString() } })).toThrow(InvalidTransactionError)
  })
})
