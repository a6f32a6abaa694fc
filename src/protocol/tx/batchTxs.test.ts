import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { BATCH_SLOTS, TxType } from '../constants.js'
import { InvalidBatchDataError } from '../errors.js'
import { bigintToBytes, bytesToHex } from '../field.js'
import { decodeBatchTxs, encodeBatchTxs, padBatchSlots } from './batchTxs.js'
import { packTx } from './packTx.js'

const transfer = packTx({ type: TxType.TRANSFER, fromIndex: 1, toIndex: 2, amount: 3n, fee: 4n })
const deposit = packTx({ type: TxType.DEPOSIT, fromIndex: 7, toIndex: 0, amount: 10n ** 9n, fee: 0n })

describe('batch calldata', () => {
  test('known answer: 17-byte big-endian slots', () => {
    const bytes = encodeBatchTxs([transfer])
    expect(bytes).toHaveLength(17)
    expect(bytesToHex(bytes)).toBe(`0x${transfer.toString(16).padStart(34, '0')}`)
    expect(bytesToHex(bytes)).toBe('0x0000000020000000000000001800100009')
  })

  test('encode/decode round-trip for 0..BATCH_SLOTS slots', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0n, transfer, deposit), { maxLength: BATCH_SLOTS }), (slots) => {
        const bytes = encodeBatchTxs(slots)
        expect(bytes).toHaveLength(17 * slots.length)
        expect(decodeBatchTxs(bytes)).toEqual(slots)
      }),
    )
  })

  test('rejects lengths that are not a multiple of 17 or exceed BATCH_SLOTS slots', () => {
    expect(() => decodeBatchTxs(new Uint8Array(16))).toThrow(InvalidBatchDataError)
    expect(() => decodeBatchTxs(new Uint8Array(18))).toThrow(InvalidBatchDataError)
    expect(() => decodeBatchTxs(new Uint8Array(17 * (BATCH_SLOTS + 1)))).toThrow(InvalidBatchDataError)
    expect(() => encodeBatchTxs(new Array<bigint>(BATCH_SLOTS + 1).fill(0n))).toThrow(InvalidBatchDataError)
    expect(decodeBatchTxs(new Uint8Array(0))).toEqual([])
  })

  test('rejects a slot with bits 131–135 set or a type above 5', () => {
    for (const bit of [131n, 132n, 135n]) {
      const bytes = new Uint8Array(34)
      bytes.set(bigintToBytes((1n << bit) | transfer, 17), 17)
      expect(() => decodeBatchTxs(bytes)).toThrow(InvalidBatchDataError)
    }
    for (const type of [6n, 7n]) expect(() => decodeBatchTxs(bigintToBytes(type, 17))).toThrow(InvalidBatchDataError)
  })

  test('encode refuses non-canonical slots', () => {
    expect(() => encodeBatchTxs([transfer | (1n << 140n)])).toThrow(InvalidBatchDataError)
    expect(() => encodeBatchTxs([BigInt(TxType.WITHDRAW) + (5n << 19n)])).toThrow(InvalidBatchDataError) // WITHDRAW with toIndex 5
  })

  test('padBatchSlots pads with NOOP', () => {
    expect(padBatchSlots([transfer])).toEqual([transfer, 0n, 0n, 0n])
    expect(() => padBatchSlots([0n, 0n, 0n, 0n, 0n])).toThrow(InvalidBatchDataError)
  })
})
