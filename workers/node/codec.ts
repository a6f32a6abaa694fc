/**
 * The node's own records (checkpoints, batch metadata, alarms, undo logs) as UTF-8 JSON bytes in
 * the KVStore, with bigints and byte arrays tagged so they come back as themselves.
 */
import { CorruptStoreError } from '../../src/protocol/errors.js'
import { bytesToHex, hexToBytes } from '../../src/protocol/field.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Bytes of a JSON value that may contain bigints and Uint8Arrays. */
export function encodeRecord(value: unknown): Uint8Array {
  return encoder.encode(
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return { $n: v.toString() }
      if (v instanceof Uint8Array) return { $b: bytesToHex(v) }
      return v
    }),
  )
}

/** The value `encodeRecord` wrote; CorruptStoreError for bytes it cannot have written. */
export function decodeRecord<T>(bytes: Uint8Array, key: string): T {
  try {
    return JSON.parse(decoder.decode(bytes), (_k, v: unknown) => {
      if (typeof v === 'object' && v !== null) {
        const tagged = v as { $n?: unknown; $b?: unknown }
        if (typeof tagged.$n === 'string') return BigInt(tagged.$n)
        if (typeof tagged.$b === 'string') return hexToBytes(tagged.$b)
      }
      return v
    }) as T
  } catch (cause) {
    throw new CorruptStoreError({ key, reason: 'not a node record' }, { cause })
  }
}
