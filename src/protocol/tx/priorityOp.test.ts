import { beforeAll, describe, expect, test } from 'vitest'
import { TxType } from '../constants.js'
import { loadCrypto } from '../crypto/loadCrypto.js'
import { AmountOutOfRangeError, InvalidFieldElementError, InvalidTransactionError } from '../errors.js'
import { deposit, forcedExit, registerKey } from '../testing/fixtures.js'
import { packTx } from './packTx.js'
import { type PriorityOp, assertValidPriorityOp, packedOp } from './priorityOp.js'

beforeAll(loadCrypto)

describe('priority operations', () => {
  test('packedOp is the packed transaction with toIndex = 0 and fee = 0', () => {
    const op = deposit(7, 123n)
    expect(packedOp(op)).toBe(packTx({ type: TxType.DEPOSIT, fromIndex: 7, toIndex: 0, amount: 123n, fee: 0n }))
    expect(packedOp(op)).toBe(3n + 7n * 8n + 123n * 2n ** 35n)
  })

  test('rejects malformed ops', () => {
    const bad: PriorityOp[] = [
      { ...deposit(1, 5n), opType: TxType.TRANSFER as never },
      { ...deposit(1, 5n), l1Address: 0n },
      { ...deposit(1, 5n), l1Address: 1n << 160n },
      { ...registerKey(1, 1), pubAx: 0n, pubAy: 0n },
      { ...forcedExit(1), pubAx: 1n },
      { ...registerKey(1, 1), amount: 1n },
      { ...forcedExit(1), amount: 1n },
    ]
    for (const op of bad) expect(() => assertValidPriorityOp(op)).toThrow(InvalidTransactionError)
    expect(() => assertValidPriorityOp(deposit(1, 1n << 64n))).toThrow(AmountOutOfRangeError)
    expect(() => assertValidPriorityOp({ ...deposit(1, 1n), pubAx: -1n })).toThrow(InvalidFieldElementError)
  })
})
