// A reorg that happens while the relay is stopped leaves it nothing to notice it by: the
// priority-op source starts with no remembered block hashes and reads L1's queue afresh. The ops
// the relay consumed are in its stored batch records, and L1 vouches for a prefix of them: a
// batch L1 holds as sequenced with the relay's own accumulated input hash consumed exactly L1's
// ops (sequenceBatches checks every priority slot against the queue's op hash). So only the
// batches after the newest such anchor are compared, op by op, with the queue L1 holds now.
import { keccak_256 } from '@noble/hashes/sha3.js'
import { decodeBatchRecord } from '../../src/protocol/batch/decodeBatchRecords'
import { opHash } from '../../src/protocol/batch/opHash'
import { BATCH_RECORD_HEADER_BYTES, OP_DATA_BYTES, PACKED_TX_BYTES, TYPE_BITS, isPriorityOpType } from '../../src/protocol/constants'
import { bytesToHex, type Hex } from '../../src/protocol/field'
import type { PriorityOpSource } from '../sequencer/priorityOpSource'
import type { BatchRecord } from '../store/records'
import type { RelayStorage } from '../store/relayStorage'

export type SequencedOnL1 = {
  lastSequencedBatch(): Promise<number>
  accInputHashAt(batchNumber: number): Promise<Hex>
}

/** The op hashes (§5.2) of a stored batch's priority slots, in slot order, from its L1 record bytes. */
function consumedOpHashes(batch: BatchRecord): Hex[] {
  const record = decodeBatchRecord(batch.record)
  const opDataStart = BATCH_RECORD_HEADER_BYTES + record.slots.length * PACKED_TX_BYTES
  const hashes: Hex[] = []
  const typeMask = (1n << BigInt(TYPE_BITS)) - 1n
  record.slots.forEach((slot, j) => {
    if (!isPriorityOpType(Number(slot & typeMask))) return
    const start = BATCH_RECORD_HEADER_BYTES + j * PACKED_TX_BYTES
    const data = opDataStart + hashes.length * OP_DATA_BYTES
    const preimage = new Uint8Array(PACKED_TX_BYTES + OP_DATA_BYTES)
    preimage.set(batch.record.subarray(start, start + PACKED_TX_BYTES), 0)
    preimage.set(batch.record.subarray(data, data + OP_DATA_BYTES), PACKED_TX_BYTES)
    hashes.push(bytesToHex(keccak_256(preimage)))
  })
  return hashes
}

/**
 * The first queue index whose op the relay consumed but L1's queue no longer holds as it was
 * (changed or gone), or null when every consumed op is still there.
 */
export async function firstOpChangedWhileStopped(deps: {
  storage: Pick<RelayStorage, 'getBatch'>
  head: BatchRecord
  queue: Pick<PriorityOpSource, 'opsFrom'>
  l1: SequencedOnL1
}): Promise<number | null> {
  const { storage, head, queue, l1 } = deps
  let anchor = Math.min(head.number, await l1.lastSequencedBatch())
  while (anchor > 0 && (await l1.accInputHashAt(anchor)) !== (await storage.getBatch(anchor))!.accInputHash) anchor--
  let next = anchor === 0 ? 0 : (await storage.getBatch(anchor))!.priorityOpsConsumed
  for (let n = anchor + 1; n <= head.number; n++) {
    const batch = (await storage.getBatch(n))!
    const consumed = consumedOpHashes(batch)
    const onL1 = await queue.opsFrom(next, consumed.length)
    for (let i = 0; i < consumed.length; i++) {
      const op = onL1[i]
      if (op === undefined || opHash(op) !== consumed[i]) return next + i
    }
    next += consumed.length
  }
  return null
}
