/**
 * Ethereum JSON-RPC value encodings (execution-apis): quantities as 0x-hex without leading
 * zeros, bytes as 0x-hex. `toJsonValue` makes any handler result JSON-safe, so a bigint that
 * slips through is sent as a quantity instead of failing the response. Browser-safe.
 */
import type { Hex } from '../protocol/field.js'

/** A non-negative integer as a 0x quantity. */
export function toQuantity(value: bigint | number): Hex {
  const n = typeof value === 'bigint' ? value : BigInt(value)
  if (n < 0n) throw new RangeError(`a quantity cannot be negative: ${n}`)
  return `0x${n.toString(16)}`
}

/** A 0x quantity (or any 0x-hex) as a bigint. */
export function fromQuantity(value: string): bigint {
  return BigInt(value)
}

/** A bigint as 32 bytes of 0x-hex (hashes, roots, field elements). */
export function toHash32(value: bigint): Hex {
  return `0x${value.toString(16).padStart(64, '0')}`
}

/** Bytes as 0x-hex. */
export function toData(bytes: Uint8Array): Hex {
  let out = '0x'
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out as Hex
}

/** Deep copy of `value` with bigints as quantities and byte arrays as data; throws on cycles or too deep values. */
export function toJsonValue(value: unknown, maxDepth = 64): unknown {
  const seen = new Set<object>()
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'bigint') return toQuantity(v)
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null
    if (typeof v === 'number') return Number.isFinite(v) ? v : null
    if (typeof v !== 'object' || v === null) return v
    if (depth > maxDepth) throw new RangeError('result nested too deeply')
    if (seen.has(v)) throw new TypeError('result contains a cycle')
    if (v instanceof Uint8Array) return toData(v)
    seen.add(v)
    let out: unknown
    if (Array.isArray(v)) out = v.map((item) => walk(item, depth + 1))
    else {
      const o: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(v)) if (item !== undefined) o[key] = walk(item, depth + 1)
      out = o
    }
    seen.delete(v)
    return out
  }
  return walk(value, 0)
}
