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

  test('big-endian conversion is exact at every length, whole 32-bit words or not', () => {
    for (let length = 1; length <= 33; length++) {
      // Every byte distinct and non-zero, so a misplaced or dropped byte shows.
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) % 255 + 1)
      const value = BigInt(bytesToHex(bytes))
      expect(bytesToBigint(bytes)).toBe(value)
      expect(bigintToBytes(value, length)).toEqual(bytes)
      const max = (1n << BigInt(8 * length)) - 1n
      expect(bigintToBytes(max, length)).toEqual(new Uint8Array(length).fill(255))
      expect(() => bigintToBytes(max + 1n, length)).toThrow(InvalidParameterError)
    }
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
