import { encodePacked, keccak256 } from 'viem'
import { beforeAll, describe, expect, test } from 'vitest'
import { BATCH_SLOTS } from '../constants.js'
import { loadCrypto } from '../crypto/loadCrypto.js'
import { poseidon } from '../crypto/poseidon.js'
import { InvalidBatchDataError, InvalidParameterError } from '../errors.js'
import { toBytes32Hex } from '../field.js'
import { GENESIS_ACC_INPUT_HASH, accInputHash } from './accInputHash.js'
import { dataCommitment } from './dataCommitment.js'
import { type Exit, exitLeafHash, exitProof, exitRoot, verifyExitProof } from './exitTree.js'
import { publicInputHash } from './publicInputHash.js'

beforeAll(loadCrypto)

describe('dataCommitment', () => {
  test('chains Poseidon(D, packed) over all BATCH_SLOTS slots, padding with 0', () => {
    const d1 = poseidon([0n, 11n])
    const d2 = poseidon([d1, 22n])
    const d3 = poseidon([d2, 0n])
    const d4 = poseidon([d3, 0n])
    expect(BATCH_SLOTS).toBe(4)
    expect(dataCommitment([11n, 22n])).toBe(d4)
    expect(dataCommitment([11n, 22n, 0n, 0n])).toBe(d4)
    expect(dataCommitment([22n, 11n])).not.toBe(d4)
    expect(() => dataCommitment([1n, 2n, 3n, 4n, 5n])).toThrow(InvalidBatchDataError)
  })
})

describe('accInputHash', () => {
  test('is keccak256(prev ‖ dataCommitment ‖ priorityHash ‖ uint32 feeAccountIndex), as Solidity abi.encodePacked', () => {
    const prev = keccak256('0x01')
    const expected = keccak256(
      encodePacked(['bytes32', 'bytes32', 'bytes32', 'uint32'], [prev, toBytes32Hex(123n), toBytes32Hex(456n), 7]),
    )
    expect(accInputHash({ previous: prev, dataCommitment: 123n, priorityHash: 456n, feeAccountIndex: 7 })).toBe(expected)
  })

  test('starts from 32 zero bytes and binds every input', () => {
    const base = { previous: GENESIS_ACC_INPUT_HASH, dataCommitment: 1n, priorityHash: 2n, feeAccountIndex: 3 }
    const h = accInputHash(base)
    expect(accInputHash({ ...base, dataCommitment: 9n })).not.toBe(h)
    expect(accInputHash({ ...base, priorityHash: 9n })).not.toBe(h)
    expect(accInputHash({ ...base, feeAccountIndex: 9 })).not.toBe(h)
    expect(accInputHash({ ...base, previous: h })).not.toBe(h)
  })

  test('rejects a previous hash that is not 32 bytes and a fee index ≥ 2^16', () => {
    expect(() => accInputHash({ previous: '0x00', dataCommitment: 1n, priorityHash: 2n, feeAccountIndex: 3 })).toThrow(InvalidParameterError)
    expect(() => accInputHash({ previous: GENESIS_ACC_INPUT_HASH, dataCommitment: 1n, priorityHash: 2n, feeAccountIndex: 65536 })).toThrow(
      InvalidParameterError,
    )
  })
})

describe('exit tree', () => {
  const exits: (Exit | null)[] = [null, { address: 0xaan, amount: 5n }, null, { address: 0xbbn, amount: 0n }]

  test('leaves are Poseidon(address, amount) or 0, inner nodes Poseidon(left, right)', () => {
    const l1 = poseidon([0xaan, 5n])
    const l3 = poseidon([0xbbn, 0n])
    expect(exitLeafHash({ address: 0xaan, amount: 5n })).toBe(l1)
    expect(exitRoot(exits)).toBe(poseidon([poseidon([0n, l1]), poseidon([0n, l3])]))
    const empty = poseidon([0n, 0n])
    expect(exitRoot([])).toBe(poseidon([empty, empty]))
  })

  test('proofs verify for each exit, and fail for another slot or amount', () => {
    const root = exitRoot(exits)
    for (const slot of [1, 3]) {
      const exit = exits[slot]!
      const proof = exitProof(exits, slot)
      expect(proof).toHaveLength(2)
      expect(verifyExitProof(root, slot, exit, proof)).toBe(true)
      expect(verifyExitProof(root, slot ^ 2, exit, proof)).toBe(false)
      expect(verifyExitProof(root, slot, { ...exit, amount: exit.amount + 1n }, proof)).toBe(false)
    }
    expect(() => exitProof(exits, 4)).toThrow(InvalidParameterError)
  })
})

describe('publicInputHash', () => {
  test('is Poseidon(h1, h2) over the inputs of §7.1, in order', () => {
    const inputs = {
      chainId: 1n,
      rollupAddress: 2n,
      batchNumber: 3n,
      oldStateRoot: 4n,
      newStateRoot: 5n,
      oldPriorityHash: 6n,
      newPriorityHash: 7n,
      dataCommitment: 8n,
      exitRoot: 9n,
      feeAccountIndex: 10,
    }
    const h1 = poseidon([1n, 2n, 3n, 4n, 5n])
    const h2 = poseidon([6n, 7n, 8n, 9n, 10n])
    expect(publicInputHash(inputs)).toBe(poseidon([h1, h2]))
    expect(publicInputHash({ ...inputs, oldStateRoot: 5n, newStateRoot: 4n })).not.toBe(poseidon([h1, h2]))
  })
})
