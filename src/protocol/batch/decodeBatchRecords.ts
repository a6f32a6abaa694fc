import {
  BATCH_RECORD_HEADER_BYTES,
  BATCH_SLOTS,
  INDEX_BITS,
  OP_DATA_BYTES,
  PACKED_TX_BITS,
  PACKED_TX_BYTES,
  TYPE_BITS,
  TxType,
  isPriorityOpType,
  isTxType,
} from '../constants.js'
import { InvalidBatchLengthError, InvalidBatchSlotError } from '../errors.js'
import { bytesToBigint } from '../field.js'
import type { DecodedBatchRecord, OpData } from './batchRecord.js'

const TYPE_MASK = (1n << BigInt(TYPE_BITS)) - 1n
const TO_SHIFT = BigInt(TYPE_BITS + INDEX_BITS)
const INDEX_MASK = (1n << BigInt(INDEX_BITS)) - 1n

/**
 * Reads the record starting at `offset`, with exactly the stateless checks `sequenceBatches`
 * makes (§6.1 step 1), in this order: the 3-byte header is there, slotCount ≤ BATCH_SLOTS, the
 * slots are there (else InvalidBatchLengthError); then each slot in order: bits 131–135 clear, a
 * type 0–5, a NOOP is 0, a WITHDRAW has toIndex 0 (else InvalidBatchSlotError); then the op data
 * of every priority slot is there (else InvalidBatchLengthError). Other canonical fields are the
 * executor's check (and, for priority slots, the op hash's).
 */
function decodeAt(bytes: Uint8Array, offset: number, record: number): DecodedBatchRecord {
  const remaining = bytes.length - offset
  if (remaining < BATCH_RECORD_HEADER_BYTES) {
    throw new InvalidBatchLengthError({ reason: `${remaining} bytes left, a record header is ${BATCH_RECORD_HEADER_BYTES}`, record })
  }
  const feeAccountIndex = (bytes[offset]! << 8) | bytes[offset + 1]!
  const slotCount = bytes[offset + 2]!
  if (slotCount > BATCH_SLOTS) {
    throw new InvalidBatchLengthError({ reason: `slotCount ${slotCount} exceeds ${BATCH_SLOTS}`, record })
  }
  const slotsEnd = offset + BATCH_RECORD_HEADER_BYTES + slotCount * PACKED_TX_BYTES
  if (slotsEnd > bytes.length) {
    throw new InvalidBatchLengthError({ reason: `${slotCount} slots run past the end of the data`, record })
  }
  const slots: bigint[] = []
  let priority = 0
  for (let slot = 0; slot < slotCount; slot++) {
    const start = offset + BATCH_RECORD_HEADER_BYTES + slot * PACKED_TX_BYTES
    const value = bytesToBigint(bytes.subarray(start, start + PACKED_TX_BYTES))
    if (value >> BigInt(PACKED_TX_BITS) !== 0n) {
      throw new InvalidBatchSlotError({ reason: `bits ${PACKED_TX_BITS}–${PACKED_TX_BYTES * 8 - 1} must be zero`, record, slot })
    }
    const type = Number(value & TYPE_MASK)
    if (!isTxType(type)) throw new InvalidBatchSlotError({ reason: `type ${type} is not one of 0–5`, record, slot })
    if (type === TxType.NOOP && value !== 0n) throw new InvalidBatchSlotError({ reason: 'a NOOP slot must be 0', record, slot })
    if (type === TxType.WITHDRAW && ((value >> TO_SHIFT) & INDEX_MASK) !== 0n) {
      throw new InvalidBatchSlotError({ reason: 'a WITHDRAW must have toIndex 0', record, slot })
    }
    if (isPriorityOpType(type)) priority++
    slots.push(value)
  }
  const end = slotsEnd + priority * OP_DATA_BYTES
  if (end > bytes.length) {
    throw new InvalidBatchLengthError({ reason: `the op data of ${priority} priority slots runs past the end of the data`, record })
  }
  const opData: OpData[] = []
  for (let k = 0; k < priority; k++) {
    const start = slotsEnd + k * OP_DATA_BYTES
    opData.push({
      l1Address: bytesToBigint(bytes.subarray(start, start + 20)),
      pubAx: bytesToBigint(bytes.subarray(start + 20, start + 52)),
      pubAy: bytesToBigint(bytes.subarray(start + 52, start + 84)),
    })
  }
  return { feeAccountIndex, slots, opData, bytes: bytes.slice(offset, end) }
}

/**
 * Splits the `batches` bytes of a `sequenceBatches` call into its records, applying the
 * contract's stateless checks to each (see decodeBatchRecord). Empty input is an
 * InvalidBatchLengthError: a call sequences at least one batch.
 */
export function decodeBatchRecords(bytes: Uint8Array): DecodedBatchRecord[] {
  if (bytes.length === 0) throw new InvalidBatchLengthError({ reason: 'no batch record' })
  const records: DecodedBatchRecord[] = []
  for (let offset = 0; offset < bytes.length; ) {
    const record = decodeAt(bytes, offset, records.length)
    records.push(record)
    offset += record.bytes.length
  }
  return records
}

/**
 * Decodes exactly one record (§6.1) with the contract's stateless checks: the 3-byte header,
 * slotCount ≤ BATCH_SLOTS and the slots present (InvalidBatchLengthError); per slot, in order,
 * bits 131–135 clear, a type 0–5, a NOOP that is 0, a WITHDRAW with toIndex 0
 * (InvalidBatchSlotError); then the op data of every priority slot present, and nothing after it
 * (InvalidBatchLengthError). Op data values are returned as read; the executor checks them.
 */
export function decodeBatchRecord(bytes: Uint8Array): DecodedBatchRecord {
  const record = decodeAt(bytes, 0, 0)
  if (record.bytes.length !== bytes.length) {
    throw new InvalidBatchLengthError({ reason: `${bytes.length - record.bytes.length} bytes after the record` })
  }
  return record
}
