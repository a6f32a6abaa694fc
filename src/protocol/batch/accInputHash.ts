import { keccak_256 } from '@noble/hashes/sha3.js'
import { InvalidParameterError } from '../errors.js'
import { type Hex, bytesToHex, hexToBytes } from '../field.js'

/** A_0: 32 zero bytes (§6.1). */
export const GENESIS_ACC_INPUT_HASH: Hex = `0x${'00'.repeat(32)}`

/**
 * A_n = keccak256(A_{n−1} ‖ record_n) (§6.1 step 3): 32 bytes then the record's exact L1 bytes.
 * The record is hashed as given (decode it first to check it). Pure (no WASM).
 */
export function accInputHash(previous: Hex, record: Uint8Array): Hex {
  const prev = hexToBytes(previous, 'previous accInputHash')
  if (prev.length !== 32) throw new InvalidParameterError({ parameter: 'previous accInputHash', reason: 'expected 32 bytes' })
  if (!(record instanceof Uint8Array)) throw new InvalidParameterError({ parameter: 'record', reason: 'expected bytes' })
  const preimage = new Uint8Array(32 + record.length)
  preimage.set(prev, 0)
  preimage.set(record, 32)
  return bytesToHex(keccak_256(preimage))
}
