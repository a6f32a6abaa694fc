/**
 * Field-element and byte helpers. Everything here is pure bigint / Uint8Array arithmetic so it
 * runs unchanged in a browser worker, Node and tests (no Buffer).
 */
import { MAX_ADDRESS, SNARK_SCALAR_FIELD } from './constants.js'
import { InvalidFieldElementError, InvalidParameterError } from './errors.js'

/** A 0x-prefixed hex string. */
export type Hex = `0x${string}`

/** True if `value` is a canonical BN254 scalar field element: an integer in [0, r). */
export function isFieldElement(value: bigint): boolean {
  return value >= 0n && value < SNARK_SCALAR_FIELD
}

/** Throws InvalidFieldElementError unless `value` is in [0, r); returns it. */
export function assertFieldElement(value: bigint, what: string): bigint {
  if (typeof value !== 'bigint' || !isFieldElement(value)) throw new InvalidFieldElementError({ what, value })
  return value
}

/** Big-endian encoding of a non-negative integer into exactly `length` bytes. */
export function bigintToBytes(value: bigint, length: number): Uint8Array {
  const limit = (BYTE_LIMITS[length] ??= 1n << BigInt(8 * length))
  if (value < 0n || value >= limit) {
    throw new InvalidParameterError({ parameter: 'integer', reason: `${value} does not fit in ${length} bytes` })
  }
  const out = new Uint8Array(length)
  let rest = value
  let i = length
  // 32 bits per bigint operation rather than 8: the tree and the account codec convert every
  // node and field they read or write, so this runs tens of times per transaction.
  for (; i >= 4; i -= 4) {
    const word = Number(rest & 0xffffffffn)
    out[i - 1] = word
    out[i - 2] = word >>> 8
    out[i - 3] = word >>> 16
    out[i - 4] = word >>> 24
    rest >>= 32n
  }
  for (; i > 0; i--) {
    out[i - 1] = Number(rest & 0xffn)
    rest >>= 8n
  }
  return out
}

/** 2^(8·length), by length: the bound bigintToBytes checks. */
const BYTE_LIMITS: bigint[] = []

/** Big-endian decoding of bytes into a non-negative integer. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n
  let i = 0
  for (const head = bytes.length % 4; i < head; i++) value = (value << 8n) | BigInt(bytes[i]!)
  for (; i < bytes.length; i += 4) value = (value << 32n) | BigInt(((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0)
  return value
}

/** Lowercase 0x-hex of bytes. */
export function bytesToHex(bytes: Uint8Array): Hex {
  let hex = '0x'
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex as Hex
}

/** Bytes of a 0x-prefixed, even-length hex string; throws InvalidParameterError otherwise. */
export function hexToBytes(hex: string, parameter = 'hex'): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new InvalidParameterError({ parameter, reason: 'expected 0x-prefixed hex with an even number of digits' })
  }
  const out = new Uint8Array((hex.length - 2) / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16)
  return out
}

/** A 32-byte value (e.g. a keccak hash or a field element) as 0x-hex of 64 digits. */
export function toBytes32Hex(value: bigint): Hex {
  return bytesToHex(bigintToBytes(value, 32))
}

/** An L1 address (0x + 40 hex digits, any case) as a 160-bit integer. */
export function addressToBigint(address: string): bigint {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw new InvalidParameterError({ parameter: 'address', reason: `"${address}" is not 0x followed by 40 hex digits` })
  }
  return BigInt(address)
}

/** A 160-bit integer as a lowercase 0x-hex L1 address. */
export function bigintToAddress(value: bigint): Hex {
  if (value < 0n || value >= MAX_ADDRESS) {
    throw new InvalidParameterError({ parameter: 'address', reason: `${value} is not a 160-bit integer` })
  }
  return `0x${value.toString(16).padStart(40, '0')}` as Hex
}

/** Parses a canonical decimal string ("0" or no leading zeros) into a bigint; throws InvalidParameterError otherwise. */
export function parseDecimal(value: unknown, parameter: string): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]*)$/.test(value)) {
    throw new InvalidParameterError({ parameter, reason: `expected a decimal string, got ${JSON.stringify(value)}` })
  }
  return BigInt(value)
}
