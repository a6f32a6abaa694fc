import { describe, expect, test } from 'vitest'
import { BATCH_SLOTS, PUBLIC_INPUTS, SNARK_SCALAR_FIELD, TxType } from '../constants.js'
import { InvalidFieldElementError, InvalidParameterError } from '../errors.js'
import { packTx } from '../tx/packTx.js'
import { batchPublicInputs } from './batchPublicInputs.js'

const transfer = packTx({ type: TxType.TRANSFER, fromIndex: 1, toIndex: 2, amount: 3n, fee: 4n })
const deposit = packTx({ type: TxType.DEPOSIT, fromIndex: 7, toIndex: 0, amount: 5n, fee: 0n })
const exit = packTx({ type: TxType.FORCED_EXIT, fromIndex: 8, toIndex: 0, amount: 0n, fee: 0n })
const base = { chainId: 31337n, rollupAddress: 0xaan, batchNumber: 5n, oldStateRoot: 11n, newStateRoot: 12n, exitRoot: 13n }

describe('batchPublicInputs (§7.1)', () => {
  test('the 7 + 4·S inputs in order: context, roots, tx[], then op data of priority slots (0 elsewhere)', () => {
    expect(PUBLIC_INPUTS).toBe(7 + 4 * BATCH_SLOTS)
    const record = {
      feeAccountIndex: 3,
      slots: [deposit, transfer, exit],
      opData: [
        { l1Address: 0x100n, pubAx: 21n, pubAy: 22n },
        { l1Address: 0x200n, pubAx: 0n, pubAy: 0n },
      ],
    }
    expect(BATCH_SLOTS).toBe(4) // the literal below is written for 4 slots
    expect(batchPublicInputs({ ...base, record })).toEqual([
      31337n, 0xaan, 5n, 3n, 11n, 12n, 13n,
      deposit, transfer, exit, 0n,
      0x100n, 0n, 0x200n, 0n,
      21n, 0n, 0n, 0n,
      22n, 0n, 0n, 0n,
    ])
  })

  test('is generic in the slot count', () => {
    const record = { feeAccountIndex: 1, slots: [transfer, deposit], opData: [{ l1Address: 9n, pubAx: 1n, pubAy: 2n }] }
    for (const batchSlots of [2, 8, 32]) {
      const inputs = batchPublicInputs({ ...base, record, batchSlots })
      expect(inputs).toHaveLength(7 + 4 * batchSlots)
      expect(inputs.slice(7, 7 + batchSlots)).toEqual([transfer, deposit, ...new Array<bigint>(batchSlots - 2).fill(0n)])
      expect(inputs[7 + batchSlots + 1]).toBe(9n)
      expect(inputs[7 + 2 * batchSlots + 1]).toBe(1n)
      expect(inputs[7 + 3 * batchSlots + 1]).toBe(2n)
    }
    expect(() => batchPublicInputs({ ...base, record, batchSlots: 1 })).toThrow(InvalidParameterError)
  })

  test('refuses values ≥ r and records whose op data does not match their priority slots', () => {
    const record = { feeAccountIndex: 1, slots: [deposit], opData: [{ l1Address: 9n, pubAx: 1n, pubAy: 2n }] }
    expect(() => batchPublicInputs({ ...base, newStateRoot: SNARK_SCALAR_FIELD, record })).toThrow(InvalidFieldElementError)
    expect(() => batchPublicInputs({ ...base, exitRoot: -1n, record })).toThrow(InvalidFieldElementError)
    expect(() => batchPublicInputs({ ...base, rollupAddress: 1n << 160n, record })).toThrow(InvalidFieldElementError)
    expect(() => batchPublicInputs({ ...base, record: { ...record, opData: [{ l1Address: 9n, pubAx: SNARK_SCALAR_FIELD, pubAy: 2n }] } })).toThrow(
      InvalidFieldElementError,
    )
    expect(() => batchPublicInputs({ ...base, record: { ...record, opData: [] } })).toThrow(InvalidParameterError)
    expect(() => batchPublicInputs({ ...base, record: { ...record, slots: [transfer] } })).toThrow(InvalidParameterError)
  })
})
