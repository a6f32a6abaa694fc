/**
 * The batch record (PROTOCOL.md §6.1), the L1 form of one batch:
 * `uint16 feeAccountIndex ‖ uint8 slotCount ‖ slotCount × 17-byte packed slot ‖ 84-byte op data
 * per priority slot, in slot order`. Records are posted back to back, with no framing between them.
 */
import { MAX_ADDRESS, OP_DATA_BYTES } from '../constants.js'
import { InvalidTransactionError } from '../errors.js'
import { assertFieldElement, bigintToBytes } from '../field.js'

/** The part of a priority op a record carries after the slots: who it is for and its key (§5.1). */
export type OpData = {
  l1Address: bigint
  pubAx: bigint
  pubAy: bigint
}

/** One batch as the sequencer posts it. */
export type BatchRecord = {
  /** Account credited with the batch's fees (§6.3). */
  feeAccountIndex: number
  /** The posted slots (at most BATCH_SLOTS; missing trailing slots are NOOP). */
  slots: readonly bigint[]
  /** One entry per priority-typed slot, in slot order. */
  opData: readonly OpData[]
}

/** A record decoded from L1 bytes, with the exact bytes it was read from (what A_n hashes). */
export type DecodedBatchRecord = BatchRecord & { bytes: Uint8Array }

/** The 84 op-data bytes `l1Address (20) ‖ pubAx (32) ‖ pubAy (32)`; checks a non-zero 160-bit address and keys < r. */
export function encodeOpData(data: OpData): Uint8Array {
  if (typeof data.l1Address !== 'bigint' || data.l1Address <= 0n || data.l1Address >= MAX_ADDRESS) {
    throw new InvalidTransactionError({ reason: 'l1Address must be a non-zero 160-bit integer' })
  }
  const out = new Uint8Array(OP_DATA_BYTES)
  out.set(bigintToBytes(data.l1Address, 20), 0)
  out.set(bigintToBytes(assertFieldElement(data.pubAx, 'pubAx'), 32), 20)
  out.set(bigintToBytes(assertFieldElement(data.pubAy, 'pubAy'), 32), 52)
  return out
}
