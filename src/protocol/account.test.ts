import { beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT_BYTES, EMPTY_ACCOUNT, EMPTY_LEAF, decodeAccount, encodeAccount, leafHash } from './account.js'
import { MAX_AMOUNT, MAX_NONCE, SNARK_SCALAR_FIELD } from './constants.js'
import { loadCrypto } from './crypto/loadCrypto.js'
import { poseidon } from './crypto/poseidon.js'
import { AmountOutOfRangeError, CorruptStoreError, InvalidFieldElementError, InvalidParameterError } from './errors.js'

beforeAll(loadCrypto)

const account = { address: 0xabcn, balance: 10n, nonce: 3n, pubAx: 5n, pubAy: 6n }

describe('account', () => {
  test('EMPTY_LEAF is Poseidon(0, 0, 0, 0, 0) and the leaf hash of the empty account', () => {
    expect(EMPTY_LEAF).toBe(poseidon([0n, 0n, 0n, 0n, 0n]))
    expect(leafHash(EMPTY_ACCOUNT)).toBe(EMPTY_LEAF)
  })

  test('leaf hash binds every field in order', () => {
    expect(leafHash(account)).toBe(poseidon([0xabcn, 10n, 3n, 5n, 6n]))
    expect(leafHash({ ...account, pubAx: 6n, pubAy: 5n })).not.toBe(leafHash(account))
  })

  test('encodes to 96 bytes and decodes back', () => {
    const max = { address: (1n << 160n) - 1n, balance: MAX_AMOUNT - 1n, nonce: MAX_NONCE - 1n, pubAx: SNARK_SCALAR_FIELD - 1n, pubAy: 1n }
    for (const a of [account, max]) {
      const bytes = encodeAccount(a)
      expect(bytes).toHaveLength(ACCOUNT_BYTES)
      expect(decodeAccount(bytes)).toEqual(a)
    }
  })

  test('rejects out-of-range fields and a non-empty leaf with address 0', () => {
    expect(() => encodeAccount({ ...account, balance: MAX_AMOUNT })).toThrow(AmountOutOfRangeError)
    expect(() => encodeAccount({ ...account, nonce: MAX_NONCE })).toThrow(InvalidParameterError)
    expect(() => encodeAccount({ ...account, address: 1n << 160n })).toThrow(InvalidParameterError)
    expect(() => encodeAccount({ ...account, pubAx: SNARK_SCALAR_FIELD })).toThrow(InvalidFieldElementError)
    expect(() => encodeAccount({ ...account, address: 0n })).toThrow(InvalidParameterError)
  })

  test('decoding rejects bytes this module never writes', () => {
    expect(() => decodeAccount(new Uint8Array(95))).toThrow(CorruptStoreError)
    const bad = encodeAccount(account)
    bad.fill(0xff, 32, 64) // pubAx ≥ r
    expect(() => decodeAccount(bad)).toThrow(CorruptStoreError)
  })
})
