import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MAX_AMOUNT, MAX_FEE, TxType } from '../constants.js'
import { AccountIndexOutOfRangeError, AmountOutOfRangeError, FeeOutOfRangeError, InvalidTransactionError } from '../errors.js'
import { type UnpackedTx, packTx, unpackTx } from './packTx.js'

const index = fc.integer({ min: 0, max: 65535 })
const amount = fc.bigInt({ min: 0n, max: MAX_AMOUNT - 1n })
const fee = fc.bigInt({ min: 0n, max: MAX_FEE - 1n })

/** Every canonical slot (§4.2 table). */
const canonicalTx: fc.Arbitrary<UnpackedTx> = fc.oneof(
  fc.constant({ type: TxType.NOOP, fromIndex: 0, toIndex: 0, amount: 0n, fee: 0n }),
  fc.record({ type: fc.constant(TxType.TRANSFER), fromIndex: index, toIndex: index, amount, fee }),
  fc.record({ type: fc.constant(TxType.WITHDRAW), fromIndex: index, toIndex: fc.constant(0), amount, fee }),
  fc.record({ type: fc.constant(TxType.DEPOSIT), fromIndex: index, toIndex: fc.constant(0), amount, fee: fc.constant(0n) }),
  fc.record({ type: fc.constant(TxType.REGISTER_KEY), fromIndex: index, toIndex: fc.constant(0), amount: fc.constant(0n), fee: fc.constant(0n) }),
  fc.record({ type: fc.constant(TxType.FORCED_EXIT), fromIndex: index, toIndex: fc.constant(0), amount: fc.constant(0n), fee: fc.constant(0n) }),
) as fc.Arbitrary<UnpackedTx>

describe('packTx / unpackTx', () => {
  test('known answer: the bit layout of §4.2', () => {
    const packed = packTx({ type: TxType.TRANSFER, fromIndex: 5, toIndex: 9, amount: 1000n, fee: 7n })
    expect(packed).toBe(1n + 5n * 2n ** 3n + 9n * 2n ** 19n + 1000n * 2n ** 35n + 7n * 2n ** 99n)
    const max = packTx({ type: TxType.TRANSFER, fromIndex: 65535, toIndex: 65535, amount: MAX_AMOUNT - 1n, fee: MAX_FEE - 1n })
    expect(max).toBe(2n ** 131n - 1n - 6n) // every bit set except type bits 1 and 2 (type = 1)
    expect(packTx({ type: TxType.NOOP, fromIndex: 0, toIndex: 0, amount: 0n, fee: 0n })).toBe(0n)
  })

  test('round-trips every canonical slot', () => {
    fc.assert(fc.property(canonicalTx, (tx) => {
      expect(unpackTx(packTx(tx))).toEqual(tx)
    }), { numRuns: 300 })
  })

  test('rejects bad types', () => {
    for (const type of [6, 7, -1, 1.5]) {
      expect(() => packTx({ type: type as TxType, fromIndex: 0, toIndex: 0, amount: 0n, fee: 0n })).toThrow(InvalidTransactionError)
    }
    expect(() => unpackTx(6n)).toThrow(InvalidTransactionError)
    expect(() => unpackTx(7n)).toThrow(InvalidTransactionError)
  })

  test('rejects out-of-range fields with their typed errors', () => {
    const base = { type: TxType.TRANSFER, fromIndex: 1, toIndex: 2, amount: 1n, fee: 1n } as UnpackedTx
    expect(() => packTx({ ...base, amount: MAX_AMOUNT })).toThrow(AmountOutOfRangeError)
    expect(() => packTx({ ...base, amount: -1n })).toThrow(AmountOutOfRangeError)
    expect(() => packTx({ ...base, fee: MAX_FEE })).toThrow(FeeOutOfRangeError)
    expect(() => packTx({ ...base, fromIndex: 65536 })).toThrow(AccountIndexOutOfRangeError)
    expect(() => packTx({ ...base, toIndex: -1 })).toThrow(AccountIndexOutOfRangeError)
    expect(() => packTx({ ...base, amount: 1 as unknown as bigint })).toThrow(InvalidTransactionError)
  })

  test('rejects non-canonical fields for each type', () => {
    const cases: UnpackedTx[] = [
      { type: TxType.NOOP, fromIndex: 1, toIndex: 0, amount: 0n, fee: 0n },
      { type: TxType.NOOP, fromIndex: 0, toIndex: 0, amount: 0n, fee: 1n },
      { type: TxType.WITHDRAW, fromIndex: 1, toIndex: 2, amount: 1n, fee: 0n },
      { type: TxType.DEPOSIT, fromIndex: 1, toIndex: 0, amount: 1n, fee: 1n },
      { type: TxType.DEPOSIT, fromIndex: 1, toIndex: 3, amount: 1n, fee: 0n },
      { type: TxType.REGISTER_KEY, fromIndex: 1, toIndex: 0, amount: 1n, fee: 0n },
      { type: TxType.FORCED_EXIT, fromIndex: 1, toIndex: 0, amount: 5n, fee: 0n },
      { type: TxType.FORCED_EXIT, fromIndex: 1, toIndex: 0, amount: 0n, fee: 5n },
    ]
    for (const tx of cases) {
      expect(() => packTx(tx)).toThrow(InvalidTransactionError)
      // The same fields packed by hand are rejected by unpackTx.
      const raw = BigInt(tx.type) + BigInt(tx.fromIndex) * 2n ** 3n + BigInt(tx.toIndex) * 2n ** 19n + tx.amount * 2n ** 35n + tx.fee * 2n ** 99n
      expect(() => unpackTx(raw)).toThrow(InvalidTransactionError)
    }
  })

  test('unpackTx rejects bits at or above 131 and negative values', () => {
    expect(() => unpackTx(1n << 131n)).toThrow(InvalidTransactionError)
    expect(() => unpackTx((1n << 135n) | 1n)).toThrow(InvalidTransactionError)
    expect(() => unpackTx(-1n)).toThrow(InvalidTransactionError)
  })
})
