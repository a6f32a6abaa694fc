import { encodePacked, keccak256, toHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { TxType } from '../constants.js'
import { InvalidFieldElementError, InvalidTransactionError } from '../errors.js'
import { bytesToHex } from '../field.js'
import { packedOp } from '../tx/priorityOp.js'
import type { PriorityOp } from '../tx/priorityOp.js'
import { encodeOpData } from './batchRecord.js'
import { opHash } from './opHash.js'

const op: PriorityOp = {
  opType: TxType.DEPOSIT,
  accountIndex: 7,
  l1Address: 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n,
  amount: 1_000_000_000n,
  pubAx: 0x1234n,
  pubAy: 0x5678n,
}

describe('opHash (§5.2)', () => {
  test('is keccak256 of packedOp (17 bytes) ‖ l1Address (20) ‖ pubAx (32) ‖ pubAy (32), as Solidity abi.encodePacked', () => {
    const expected = keccak256(
      encodePacked(
        ['bytes17', 'address', 'uint256', 'uint256'],
        [toHex(packedOp(op), { size: 17 }), '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 0x1234n, 0x5678n],
      ),
    )
    expect(opHash(op)).toBe(expected)
  })

  test('known answer for a forced exit (pins the byte layout independently of viem)', () => {
    const exit: PriorityOp = { opType: TxType.FORCED_EXIT, accountIndex: 1, l1Address: 1n, amount: 0n, pubAx: 0n, pubAy: 0n }
    const preimage = `0x${'00'.repeat(16)}0d${'00'.repeat(19)}01${'00'.repeat(64)}` as const
    expect(preimage.length).toBe(2 + 2 * 101)
    expect(opHash(exit)).toBe(keccak256(preimage))
  })

  test('binds every field', () => {
    const h = opHash(op)
    for (const other of [
      { ...op, accountIndex: 8 },
      { ...op, amount: op.amount + 1n },
      { ...op, l1Address: op.l1Address + 1n },
      { ...op, pubAx: 0x1235n },
      { ...op, pubAy: 0x5679n },
      { ...op, opType: TxType.REGISTER_KEY, amount: 0n } as PriorityOp,
    ]) {
      expect(opHash(other)).not.toBe(h)
    }
  })

  test('refuses an op the contract would never queue', () => {
    expect(() => opHash({ ...op, l1Address: 0n })).toThrow(InvalidTransactionError)
    expect(() => opHash({ ...op, pubAx: 1n << 254n })).toThrow(InvalidFieldElementError)
    expect(() => opHash({ ...op, opType: TxType.FORCED_EXIT, amount: 0n })).toThrow(InvalidTransactionError) // exit with a key
  })

  test('op data is l1Address ‖ pubAx ‖ pubAy, 84 bytes', () => {
    const bytes = encodeOpData(op)
    expect(bytes).toHaveLength(84)
    expect(bytesToHex(bytes)).toBe(
      encodePacked(['address', 'uint256', 'uint256'], ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 0x1234n, 0x5678n]).toLowerCase(),
    )
  })
})
