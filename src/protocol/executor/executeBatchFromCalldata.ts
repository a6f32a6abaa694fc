import { TxType, isL2TxType, isPriorityOpType } from '../constants.js'
import type { DecodedBatchRecord } from '../batch/batchRecord.js'
import { decodeBatchRecord } from '../batch/decodeBatchRecords.js'
import { opHash } from '../batch/opHash.js'
import { BaseError, InvalidTransactionError, PriorityOpMismatchError } from '../errors.js'
import type { Hex } from '../field.js'
import type { KVStore } from '../store/kvStore.js'
import { unpackTx } from '../tx/packTx.js'
import { type PriorityOp, packedOp } from '../tx/priorityOp.js'
import { BatchExecution } from './batchExecution.js'
import { type ExecuteBatchOptions, finishExecution } from './executeBatch.js'
import type { BatchContext, BatchOutcome, BatchResult } from './types.js'

/** What re-execution needs besides the record: the network and the batch number (the fee account is in the record). */
export type RecordContext = Omit<BatchContext, 'feeAccountIndex'>

/** Options of `executeBatchFromCalldata`. */
export type ExecuteRecordOptions = Omit<ExecuteBatchOptions, 'verifySignatures' | 'otherDomains'> & {
  /**
   * The op hashes of the queue from the batch's first unconsumed op on (the Rollup's `opHash(k)`):
   * when given, each priority slot must hash to the next one, as `sequenceBatches` checks.
   */
  expectedOpHashes?: readonly Hex[]
}

/**
 * Re-executes a sequenced batch from its L1 record alone, without signatures (§6.1): decodes the
 * record with the contract's checks (InvalidBatchLengthError / InvalidBatchSlotError), rebuilds
 * each priority op from its slot and op data (its packedOp must be the slot; with
 * `expectedOpHashes`, its op hash must be the queue's, else PriorityOpMismatchError), takes each
 * L2 transaction's nonce from its sender's leaf, and checks every other rule. The result's circuit
 * input carries zero signatures, so it is for comparison, not for proving. Atomic like
 * `executeBatch`. Needs `loadCrypto()`.
 */
export async function executeBatchFromCalldata(
  store: KVStore,
  context: RecordContext,
  record: Uint8Array | DecodedBatchRecord,
  options?: ExecuteRecordOptions & { witness?: true },
): Promise<BatchResult>
/** The same without the circuit witness (`witness: false`): the roots for far fewer hashes, as a light node needs. */
export async function executeBatchFromCalldata(
  store: KVStore,
  context: RecordContext,
  record: Uint8Array | DecodedBatchRecord,
  options: ExecuteRecordOptions & { witness: false },
): Promise<BatchOutcome>
export async function executeBatchFromCalldata(
  store: KVStore,
  context: RecordContext,
  record: Uint8Array | DecodedBatchRecord,
  options: ExecuteRecordOptions = {},
): Promise<BatchResult | BatchOutcome> {
  const decoded = record instanceof Uint8Array ? decodeBatchRecord(record) : record
  const { expectedOpHashes, ...executionOptions } = options
  const execution = await BatchExecution.start(
    store,
    { chainId: context.chainId, rollupAddress: context.rollupAddress, batchNumber: context.batchNumber, feeAccountIndex: decoded.feeAccountIndex },
    { ...executionOptions, verifySignatures: false },
  )
  let nextOp = 0
  for (const [slot, packed] of decoded.slots.entries()) {
    try {
      const fields = unpackTx(packed)
      if (fields.type === TxType.NOOP) {
        await execution.apply({ kind: 'noop' })
      } else if (isPriorityOpType(fields.type)) {
        const data = decoded.opData[nextOp]
        if (data === undefined) throw new InvalidTransactionError({ reason: `priority slot ${slot} has no op data` })
        const op: PriorityOp = { opType: fields.type, accountIndex: fields.fromIndex, amount: fields.amount, ...data }
        if (packedOp(op) !== packed) throw new InvalidTransactionError({ reason: `slot ${slot} is not the packed form of its op` })
        if (expectedOpHashes !== undefined) {
          const expected = expectedOpHashes[nextOp] ?? null
          const actual = opHash(op)
          if (expected?.toLowerCase() !== actual) throw new PriorityOpMismatchError({ slot, expected, actual })
        }
        await execution.apply({ kind: 'priority', op })
        nextOp++
      } else if (isL2TxType(fields.type)) {
        // The record carries no nonce: the transaction consumed its sender's current one.
        const sender = await execution.getAccount(fields.fromIndex)
        const { type, fromIndex: from, toIndex: to, amount, fee } = fields
        await execution.apply({ kind: 'l2', tx: { type, from, to, amount, fee, nonce: sender.nonce } })
      }
    } catch (error) {
      execution.discard()
      if (error instanceof BaseError) error.data.slot = slot
      throw error
    }
  }
  return options.witness === false ? finishExecution(execution, options.commit !== false, false) : finishExecution(execution, options.commit !== false)
}
