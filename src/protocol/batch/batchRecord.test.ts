import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { BATCH_SLOTS, TxType } from '../constants.js'
import { AccountIndexOutOfRangeError, InvalidBatchDataError, InvalidBatchLengthError, InvalidBatchSlotError } from '../errors.js'
import { bigintToBytes, bytesToHex, hexToBytes } from '../field.js'
import { packTx } from '../tx/packTx.js'
import type { BatchRecord, OpData } from './batchRecord.js'
import { decodeBatchRecord, decodeBatchRecords } from './decodeBatchRecords.js'
import { encodeBatchRecord } from './encodeBatchRecord.js'

const transfer = packTx({ type: TxType.TRANSFER, fromIndex: 1, toIndex: 2, amount: 3n, fee: 4n })
const withdraw = packTx({ type: TxType.WITHDRAW, fromIndex: 2, toIndex: 0, amount: 5n, fee: 1n })
const deposit = packTx({ type: TxType.DEPOSIT, fromIndex: 7, toIndex: 0, amount: 10n ** 9n, fee: 0n })
const exit = packTx({ type: TxType.FORCED_EXIT, fromIndex: 7, toIndex: 0, amount: 0n, fee: 0n })
const data = (seed: number): OpData => ({ l1Address: 0xabcn + BigInt(seed), pubAx: BigInt(seed) * 11n, pubAy: BigInt(seed) * 13n })
const isPriority = (packed: bigint) => packed === deposit || packed === exit

/** Builds the bytes by hand, to check the encoder against the layout rather than against itself. */
function manual(fee: number, slots: bigint[], ops: OpData[]): Uint8Array {
  const hex = [
    fee.toString(16).padStart(4, '0'),
    slots.length.toString(16).padStart(2, '0'),
    ...slots.map((s) => s.toString(16).padStart(34, '0')),
    ...ops.map((o) => o.l1Address.toString(16).padStart(40, '0') + o.pubAx.toString(16).padStart(64, '0') + o.pubAy.toString(16).padStart(64, '0')),
  ].join('')
  return hexToBytes(`0x${hex}`)
}

describe('batch record (§6.1)', () => {
  test('layout: uint16 fee index ‖ uint8 slotCount ‖ 17-byte slots ‖ 84-byte op data per priority slot', () => {
    const record: BatchRecord = { feeAccountIndex: 0x0102, slots: [transfer, deposit, withdraw, exit], opData: [data(1), data(2)] }
    const bytes = encodeBatchRecord(record)
    expect(bytes).toHaveLength(3 + 4 * 17 + 2 * 84)
    expect(bytesToHex(bytes)).toBe(bytesToHex(manual(0x0102, [transfer, deposit, withdraw, exit], [data(1), data(2)])))
    expect(bytesToHex(bytes.subarray(0, 3))).toBe('0x010204')
    expect(encodeBatchRecord({ feeAccountIndex: 1, slots: [transfer, transfer, transfer, transfer], opData: [] })).toHaveLength(71)
    expect(bytesToHex(encodeBatchRecord({ feeAccountIndex: 9, slots: [], opData: [] }))).toBe('0x000900')
  })

  test('encode/decode round-trip, and a concatenation splits back into its records', () => {
    const slot = fc.constantFrom(0n, transfer, withdraw, deposit, exit)
    const recordArb = fc
      .record({ feeAccountIndex: fc.integer({ min: 0, max: 65535 }), slots: fc.array(slot, { maxLength: BATCH_SLOTS }), seed: fc.nat(1000) })
      .map(({ feeAccountIndex, slots, seed }): BatchRecord => ({
        feeAccountIndex,
        slots,
        opData: slots.filter(isPriority).map((_, k) => data(seed + k)),
      }))
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 4 }), (records) => {
        const encoded = records.map(encodeBatchRecord)
        for (const [i, record] of records.entries()) {
          expect(decodeBatchRecord(encoded[i]!)).toEqual({ ...record, bytes: encoded[i] })
        }
        const all = new Uint8Array(encoded.reduce((n, e) => n + e.length, 0))
        let offset = 0
        for (const e of encoded) {
          all.set(e, offset)
          offset += e.length
        }
        const split = decodeBatchRecords(all)
        expect(split.map((r) => bytesToHex(r.bytes))).toEqual(encoded.map(bytesToHex))
        expect(split.map(({ bytes: _bytes, ...r }) => r)).toEqual(records)
      }),
    )
  })

  describe('decoding applies the contract checks, with typed errors', () => {
    const good = manual(1, [transfer, deposit], [data(1)])

    test('framing: header, slotCount ≤ BATCH_SLOTS, slots and op data present, nothing trailing → InvalidBatchLengthError', () => {
      expect(() => decodeBatchRecord(new Uint8Array(2))).toThrow(InvalidBatchLengthError)
      expect(() => decodeBatchRecord(manual(1, [0n, 0n, 0n, 0n, 0n], []))).toThrow(InvalidBatchLengthError)
      expect(() => decodeBatchRecord(good.subarray(0, 3 + 17 + 16))).toThrow(InvalidBatchLengthError) // second slot cut
      expect(() => decodeBatchRecord(good.subarray(0, good.length - 1))).toThrow(InvalidBatchLengthError) // op data cut
      expect(() => decodeBatchRecord(manual(1, [deposit], []))).toThrow(InvalidBatchLengthError) // no op data at all
      const trailing = new Uint8Array(good.length + 1)
      trailing.set(good)
      expect(() => decodeBatchRecord(trailing)).toThrow(InvalidBatchLengthError)
      expect(() => decodeBatchRecords(new Uint8Array(0))).toThrow(InvalidBatchLengthError)
      expect(decodeBatchRecord(good).slots).toEqual([transfer, deposit])
    })

    test('a record cut short inside a concatenation names its position', () => {
      const two = new Uint8Array(good.length + 5)
      two.set(good)
      two.set([0, 1, 1, 0, 0], good.length) // second record: 1 slot announced, 2 bytes of it present
      const error = (() => {
        try {
          decodeBatchRecords(two)
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(InvalidBatchLengthError)
      expect((error as InvalidBatchLengthError).data.record).toBe(1)
    })

    test('slots: bits 131–135, type 6–7, a non-zero NOOP, a WITHDRAW with a recipient → InvalidBatchSlotError', () => {
      const withSlot = (value: bigint) => {
        const bytes = manual(1, [transfer, 0n], [])
        bytes.set(bigintToBytes(value, 17), 3 + 17)
        return bytes
      }
      const bad = [
        (1n << 131n) | transfer,
        (1n << 135n) | transfer,
        6n,
        7n | (1n << 3n),
        1n << 35n, // NOOP with an amount
        BigInt(TxType.WITHDRAW) | (2n << 3n) | (3n << 19n),
      ]
      for (const value of bad) {
        let caught: unknown
        try {
          decodeBatchRecord(withSlot(value))
        } catch (e) {
          caught = e
        }
        expect(caught, value.toString(16)).toBeInstanceOf(InvalidBatchSlotError)
        expect((caught as InvalidBatchSlotError).data.slot).toBe(1)
      }
      // Both subclasses are batch-data errors, so one catch covers a malformed record.
      expect(new InvalidBatchSlotError({ reason: 'x' })).toBeInstanceOf(InvalidBatchDataError)
      expect(new InvalidBatchLengthError({ reason: 'x' })).toBeInstanceOf(InvalidBatchDataError)
    })

    test('checks the contract leaves to the executor and the op hash are not made here', () => {
      // A DEPOSIT with a fee and a TRANSFER to index 0 are stateless-valid framing; the op hash
      // (priority) and the executor (canonical fields, accounts) refuse them.
      const depositWithFee = BigInt(TxType.DEPOSIT) | (7n << 3n) | (1n << 99n)
      expect(decodeBatchRecord(manual(1, [depositWithFee], [data(1)])).slots).toEqual([depositWithFee])
    })
  })

  test('encoding refuses what it cannot post', () => {
    expect(() => encodeBatchRecord({ feeAccountIndex: 1, slots: [0n, 0n, 0n, 0n, 0n], opData: [] })).toThrow(InvalidBatchLengthError)
    expect(() => encodeBatchRecord({ feeAccountIndex: 1, slots: [deposit], opData: [] })).toThrow(InvalidBatchLengthError)
    expect(() => encodeBatchRecord({ feeAccountIndex: 1, slots: [transfer], opData: [data(1)] })).toThrow(InvalidBatchLengthError)
    expect(() => encodeBatchRecord({ feeAccountIndex: 1, slots: [transfer | (1n << 140n)], opData: [] })).toThrow(InvalidBatchDataError)
    expect(() => encodeBatchRecord({ feeAccountIndex: 1, slots: [deposit], opData: [{ ...data(1), l1Address: 0n }] })).toThrow(InvalidBatchDataError)
    expect(() => encodeBatchRecord({ feeAccountIndex: 65536, slots: [], opData: [] })).toThrow(AccountIndexOutOfRangeError)
  })
})
