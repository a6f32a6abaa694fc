import { BATCH_RECORD_HEADER_BYTES, BATCH_SLOTS, OP_DATA_BYTES, PACKED_TX_BYTES, isPriorityOpType } from '../constants.js'
import { InvalidBatchDataError, InvalidBatchLengthError } from '../errors.js'
import { bigintToBytes } from '../field.js'
import { assertAccountIndex } from '../tree/accountTree.js'
import { unpackTx } from '../tx/packTx.js'
import { type BatchRecord, encodeOpData } from './batchRecord.js'

/**
 * The L1 bytes of one batch record (§6.1). Every slot must be a canonical packed transaction
 * (§4.2) and there must be exactly one op data per priority slot; the slots are encoded as given
 * (trim trailing NOOPs first to post fewer bytes). Throws InvalidBatchLengthError (too many
 * slots, op data count), InvalidBatchDataError (a non-canonical slot, bad op data) or
 * AccountIndexOutOfRangeError (fee account).
 */
export function encodeBatchRecord(record: BatchRecord): Uint8Array {
  const { feeAccountIndex, slots, opData } = record
  assertAccountIndex(feeAccountIndex, 'feeAccountIndex')
  if (slots.length > BATCH_SLOTS) {
    throw new InvalidBatchLengthError({ reason: `${slots.length} slots, at most ${BATCH_SLOTS} allowed` })
  }
  let priority = 0
  slots.forEach((packed, slot) => {
    try {
      if (isPriorityOpType(unpackTx(packed).type)) priority++
    } catch (cause) {
      throw new InvalidBatchDataError({ reason: 'not a canonical packed transaction', slot }, { cause })
    }
  })
  if (opData.length !== priority) {
    throw new InvalidBatchLengthError({ reason: `${priority} priority slots but ${opData.length} op data entries` })
  }
  const slotsEnd = BATCH_RECORD_HEADER_BYTES + slots.length * PACKED_TX_BYTES
  const out = new Uint8Array(slotsEnd + priority * OP_DATA_BYTES)
  out.set(bigintToBytes(BigInt(feeAccountIndex), 2), 0)
  out[2] = slots.length
  slots.forEach((packed, slot) => out.set(bigintToBytes(packed, PACKED_TX_BYTES), BATCH_RECORD_HEADER_BYTES + slot * PACKED_TX_BYTES))
  opData.forEach((data, k) => {
    try {
      out.set(encodeOpData(data), slotsEnd + k * OP_DATA_BYTES)
    } catch (cause) {
      throw new InvalidBatchDataError({ reason: `op data ${k} is invalid` }, { cause })
    }
  })
  return out
}
