import { beforeAll, describe, expect, test } from 'vitest'
import { TxType } from '../constants.js'
import { loadCrypto } from '../crypto/loadCrypto.js'
import { poseidon } from '../crypto/poseidon.js'
import { AmountOutOfRangeError, InvalidFieldElementError, InvalidTransactionError } from '../errors.js'
import { deposit, forcedExit, registerKey, testAddress } from '../testing/fixtures.js'
import { packTx } from './packTx.js'
import { type PriorityOp, assertValidPriorityOp, packedOp, priorityHashChain, priorityHashStep } from './priorityOp.js'

beforeAll(loadCrypto)

describe('priority operations', () => {
  test('packedOp is the packed transaction with toIndex = 0 and fee = 0', () => {
    const op = deposit(7, 123n)
    expect(packedOp(op)).toBe(packTx({ type: TxType.DEPOSIT, fromIndex: 7, toIndex: 0, amount: 123n, fee: 0n }))
    expect(packedOp(op)).toBe(3n + 7n * 8n + 123n * 2n ** 35n)
  })

  test('the chain is P[k+1] = Poseidon(P[k], packedOp, l1Address, pubAx, pubAy) from P[0] = 0', () => {
    const ops = [deposit(1, 5n, 1), registerKey(2, 2), forcedExit(1)]
    let expected = 0n
    for (const op of ops) expected = poseidon([expected, packedOp(op), op.l1Address, op.pubAx, op.pubAy])
    expect(priorityHashChain(ops)).toBe(expected)
    expect(priorityHashChain(ops.slice(1), priorityHashStep(0n, ops[0]!))).toBe(expected)
  })

  test('order, data and key all change the chain', () => {
    const a = deposit(1, 5n)
    const b = deposit(2, 6n)
    expect(priorityHashChain([a, b])).not.toBe(priorityHashChain([b, a]))
    expect(priorityHashStep(0n, a)).not.toBe(priorityHashStep(0n, { ...a, l1Address: testAddress(9) }))
    expect(priorityHashStep(0n, a)).not.toBe(priorityHashStep(0n, deposit(1, 5n, 3)))
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
