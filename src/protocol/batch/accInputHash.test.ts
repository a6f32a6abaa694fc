import { concatHex, keccak256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { InvalidParameterError } from '../errors.js'
import { bytesToHex, hexToBytes } from '../field.js'
import { GENESIS_ACC_INPUT_HASH, accInputHash } from './accInputHash.js'

describe('accInputHash (§6.1 step 3)', () => {
  const record = hexToBytes('0x000102' + '00'.repeat(33) + '09')

  test('is keccak256(A_{n−1} ‖ record), as Solidity keccak256(abi.encodePacked(bytes32, bytes))', () => {
    const prev = keccak256('0x01')
    expect(accInputHash(prev, record)).toBe(keccak256(concatHex([prev, bytesToHex(record)])))
    expect(accInputHash(GENESIS_ACC_INPUT_HASH, record)).toBe(keccak256(concatHex([`0x${'00'.repeat(32)}`, bytesToHex(record)])))
  })

  test('chains: every byte and the previous value matter', () => {
    const a1 = accInputHash(GENESIS_ACC_INPUT_HASH, record)
    const changed = record.slice()
    changed[changed.length - 1] = 8
    expect(accInputHash(GENESIS_ACC_INPUT_HASH, changed)).not.toBe(a1)
    expect(accInputHash(a1, record)).not.toBe(a1)
  })

  test('rejects a previous hash that is not 32 bytes', () => {
    expect(() => accInputHash('0x00', record)).toThrow(InvalidParameterError)
  })
})
