/**
 * Batch calldata (PROTOCOL.md §4.2, §6.1): up to BATCH_SLOTS packed transactions of 17 bytes,
 * big-endian, missing trailing slots being NOOP.
 */
import { BATCH_SLOTS, PACKED_TX_BITS, PACKED_TX_BYTES, TYPE_BITS, isTxType } from '../constants.js'
import { InvalidBatchDataError } from '../errors.js'
import { bigintToBytes, bytesToBigint } from '../field.js'
import { unpackTx } from './packTx.js'

/**
 * Encodes packed transactions as calldata (17 bytes each). Each one must be a canonical packed
 * transaction (§4.2); at most BATCH_SLOTS of them. Throws InvalidBatchDataError.
 */
export function encodeBatchTxs(packed: readonly bigint[]): Uint8Array {
  if (packed.length > BATCH_SLOTS) {
    throw new InvalidBatchDataError({ reason: `${packed.length} slots, at most ${BATCH_SLOTS} allowed` })
  }
  const out = new Uint8Array(packed.length * PACKED_TX_BYTES)
  packed.forEach((value, slot) => {
    try {
      unpackTx(value)
    } catch (cause) {
      throw new InvalidBatchDataError({ reason: 'not a canonical packed transaction', slot }, { cause })
    }
    out.set(bigintToBytes(value, PACKED_TX_BYTES), slot * PACKED_TX_BYTES)
  })
  return out
}

/**
 * Decodes calldata with exactly the checks of the contract (§6.1 step 1): a length that is a
 * multiple of 17 and at most 17·BATCH_SLOTS, a type 0–5 and bits 131–135 clear in every slot.
 * Returns the slots present (no padding). Canonical fields per type are the executor's check.
 */
export function decodeBatchTxs(bytes: Uint8Array): bigint[] {
  if (bytes.length % PACKED_TX_BYTES !== 0) {
    throw new InvalidBatchDataError({ reason: `length ${bytes.length} is not a multiple of ${PACKED_TX_BYTES}` })
  }
  if (bytes.length > PACKED_TX_BYTES * BATCH_SLOTS) {
    throw new InvalidBatchDataError({ reason: `length ${bytes.length} exceeds ${PACKED_TX_BYTES * BATCH_SLOTS} bytes` })
  }
  const slots: bigint[] = []
  for (let slot = 0; slot * PACKED_TX_BYTES < bytes.length; slot++) {
    const value = bytesToBigint(bytes.subarray(slot * PACKED_TX_BYTES, (slot + 1) * PACKED_TX_BYTES))
    if (value >> BigInt(PACKED_TX_BITS) !== 0n) {
      throw new InvalidBatchDataError({ reason: `bits ${PACKED_TX_BITS}–${PACKED_TX_BYTES * 8 - 1} must be zero`, slot })
    }
    const type = Number(value & ((1n << BigInt(TYPE_BITS)) - 1n))
    if (!isTxType(type)) throw new InvalidBatchDataError({ reason: `type ${type} is not one of 0–5`, slot })
    slots.push(value)
  }
  return slots
}

/** The slots padded with NOOP (0) to exactly BATCH_SLOTS. Throws InvalidBatchDataError if longer. */
export function padBatchSlots(packed: readonly bigint[]): bigint[] {
  if (packed.length > BATCH_SLOTS) {
    throw new InvalidBatchDataError({ reason: `${packed.length} slots, at most ${BATCH_SLOTS} allowed` })
  }
  return [...packed, ...new Array<bigint>(BATCH_SLOTS - packed.length).fill(0n)]
}
