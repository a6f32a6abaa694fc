import { keccak_256 } from '@noble/hashes/sha3.js'
import { OP_DATA_BYTES, PACKED_TX_BYTES } from '../constants.js'
import { type Hex, bigintToBytes, bytesToHex } from '../field.js'
import { type PriorityOp, assertValidPriorityOp, packedOp } from '../tx/priorityOp.js'
import { encodeOpData } from './batchRecord.js'

/**
 * opHash = keccak256(packedOp (17 bytes) ‖ l1Address (20) ‖ pubAx (32) ‖ pubAy (32)) (§5.2):
 * the word the Rollup stores per queued op, over exactly the op's slot and op-data bytes in a
 * record. Throws the op's validation error (assertValidPriorityOp) first. Pure (no WASM).
 */
export function opHash(op: PriorityOp): Hex {
  assertValidPriorityOp(op)
  const preimage = new Uint8Array(PACKED_TX_BYTES + OP_DATA_BYTES)
  preimage.set(bigintToBytes(packedOp(op), PACKED_TX_BYTES), 0)
  preimage.set(encodeOpData(op), PACKED_TX_BYTES)
  return bytesToHex(keccak_256(preimage))
}
