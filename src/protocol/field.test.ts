import { describe, expect, test } from 'vitest'
import { InvalidParameterError } from './errors.js'
import { addressToBigint, bigintToAddress, bigintToBytes, bytesToBigint, bytesToHex, hexToBytes, parseDecimal } from './field.js'

describe('field helpers', () => {
  test('big-endian bytes round-trip and refuse values that do not fit', () => {
    expect(bigintToBytes(0x0102n, 3)).toEqual(new Uint8Array([0, 1, 2]))
    expect(bytesToBigint(new Uint8Array([0, 1, 2]))).toBe(0x0102n)
    expect(() => bigintToBytes(256n, 1)).toThrow(InvalidParameterError)
    expect(() => bigintToBytes(-1n, 1)).toThrow(InvalidParameterError)
  })

  test('hex round-trips and rejects malformed hex', () => {
    expect(bytesToHex(hexToBytes('0x00aBff'))).toBe('0x00abff')
    expect(() => hexToBytes('0x123')).toThrow(InvalidParameterError)
    expect(() => hexToBytes('12')).toThrow(InvalidParameterError)
  })

  test('addresses convert both ways, lowercase out', () => {
    const address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
    expect(bigintToAddress(addressToBigint(address))).toBe(address.toLowerCase())
    expect(() => addressToBigint('0x5FbDB')).toThrow(InvalidParameterError)
    expect(() => bigintToAddress(1n << 160n)).toThrow(InvalidParameterError)
  })

  test('parseDecimal accepts canonical decimal strings only', () => {
    expect(parseDecimal('0', 'x')).toBe(0n)
    expect(parseDecimal('123', 'x')).toBe(123n)
    for (const bad of ['012', '-1', '1e3', '0x10', ' 1', '', 5]) expect(() => parseDecimal(bad, 'x')).toThrow(InvalidParameterError)
  })
})
