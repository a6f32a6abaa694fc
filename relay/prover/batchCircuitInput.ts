// The circuit input (§7.3) of a trusted batch, made when a prover job needs it.
//
// The sequencer executes batches without the circuit witness: recording it reads every slot's
// leaves with their Merkle paths, which hashes the tree after each slot instead of once per
// batch, and storing it made every batch record several kilobytes of JSON. A batch is proven
// long after it is trusted (≈ 11 s per proof against hundreds of batches per second), so its
// witness is made here instead, by executing the batch again over the tree as it was before it
// (the storage's undo log keeps every batch not yet verified on L1) from its own slots. The
// result must reproduce the stored roots and the L1 record byte for byte, or no job is made.
import { decodeBatchRecord } from '../../src/protocol/batch/decodeBatchRecords'
import { BatchExecution } from '../../src/protocol/executor/batchExecution'
import type { SlotItem } from '../../src/protocol/executor/types'
import { bytesToHex } from '../../src/protocol/field'
import type { ChainDomain } from '../../src/protocol/tx/l2Tx'
import type { BatchRecord } from '../store/records'
import { type RelayStorage, kvStoreAfter } from '../store/relayStorage'
import { ProverInputError } from './errors'

/** The slots of `batch` as executor items, in slot order; priority ops take their keys from the L1 record. */
function slotItems(batch: BatchRecord): SlotItem[] {
  const { opData } = decodeBatchRecord(batch.record)
  let op = 0
  return batch.slots.map((slot): SlotItem => {
    if (slot.kind === 'priority') {
      const data = opData[op++]
      if (data === undefined) throw new ProverInputError(`Batch ${batch.number} has more priority slots than op data in its L1 record.`)
      return { kind: 'priority', op: { opType: slot.type as never, accountIndex: slot.fromIndex, amount: slot.amount, l1Address: data.l1Address, pubAx: data.pubAx, pubAy: data.pubAy } }
    }
    if (slot.signature === null || slot.nonce === null) throw new ProverInputError(`Batch ${batch.number} slot ${slot.slot} is an L2 transaction without its signature or nonce.`)
    return { kind: 'l2', tx: { type: slot.type as never, from: slot.fromIndex, to: slot.toIndex, amount: slot.amount, fee: slot.fee, nonce: slot.nonce, signature: slot.signature } }
  })
}

/**
 * The circuit input of a stored batch as JSON (bigints as decimal strings, what
 * `lantern_getProverJob` carries): the batch executed again, with its witness, over the state
 * after its parent. Throws HistoryPrunedError when that state is no longer kept, and
 * ProverInputError when the execution does not reproduce the batch.
 */
export async function batchCircuitInput(storage: RelayStorage, domain: ChainDomain, batch: BatchRecord): Promise<unknown> {
  const execution = await BatchExecution.start(
    kvStoreAfter(storage, batch.number - 1),
    { ...domain, batchNumber: BigInt(batch.number), feeAccountIndex: batch.feeAccountIndex },
    // The signatures were checked when the pool took the transactions; the circuit checks them again.
    { verifySignatures: false },
  )
  try {
    for (const item of slotItems(batch)) await execution.apply(item)
    const result = await execution.finalize()
    const mismatch =
      result.oldStateRoot !== batch.oldStateRoot
        ? 'its parent state root'
        : result.newStateRoot !== batch.stateRoot
          ? 'its state root'
          : result.exitRoot !== batch.exitRoot
            ? 'its exit root'
            : bytesToHex(result.record) !== bytesToHex(batch.record)
              ? 'its L1 record'
              : undefined
    if (mismatch !== undefined) throw new ProverInputError(`Executing batch ${batch.number} again does not reproduce ${mismatch}.`)
    return JSON.parse(JSON.stringify(result.circuitInput, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)))
  } finally {
    execution.discard()
  }
}
