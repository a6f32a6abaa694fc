import { keccak_256 } from '@noble/hashes/sha3.js'
import { MAX_ACCOUNT_INDEX } from '../constants.js'
import { InvalidParameterError } from '../errors.js'
import { type Hex, bigintToBytes, bytesToHex, hexToBytes } from '../field.js'

/** The inputs of one step of the accumulated input hash. */
export type AccInputHashParameters = {
  /** accInputHash of the previous batch (0x00…00 for batch 0). */
  previous: Hex
  dataCommitment: bigint
  /** P[priorityOpsEnd] after this batch. */
  priorityHash: bigint
  feeAccountIndex: number
}

/** accInputHash_0: 32 zero bytes. */
export const GENESIS_ACC_INPUT_HASH: Hex = `0x${'00'.repeat(32)}`

/**
 * accInputHash_n = keccak256(accInputHash_{n-1} ‖ dataCommitment ‖ P[priorityOpsEnd] ‖
 * uint32 feeAccountIndex) (§6.1 step 4): 32 + 32 + 32 + 4 bytes, big-endian. Pure (no WASM).
 */
export function accInputHash({ previous, dataCommitment, priorityHash, feeAccountIndex }: AccInputHashParameters): Hex {
  const prev = hexToBytes(previous, 'previous accInputHash')
  if (prev.length !== 32) throw new InvalidParameterError({ parameter: 'previous accInputHash', reason: 'expected 32 bytes' })
  if (!Number.isInteger(feeAccountIndex) || feeAccountIndex < 0 || feeAccountIndex >= MAX_ACCOUNT_INDEX) {
    throw new InvalidParameterError({ parameter: 'feeAccountIndex', reason: 'expected an integer in [0, 2^16)' })
  }
  const preimage = new Uint8Array(100)
  preimage.set(prev, 0)
  preimage.set(bigintToBytes(dataCommitment, 32), 32)
  preimage.set(bigintToBytes(priorityHash, 32), 64)
  preimage.set(bigintToBytes(BigInt(feeAccountIndex), 4), 96)
  return bytesToHex(keccak_256(preimage))
}
