import { BATCH_SLOTS, MAX_ADDRESS, TYPE_BITS, isPriorityOpType } from '../constants.js'
import { InvalidFieldElementError, InvalidParameterError } from '../errors.js'
import { assertFieldElement } from '../field.js'
import type { BatchRecord } from './batchRecord.js'

const TYPE_MASK = (1n << BigInt(TYPE_BITS)) - 1n

/** What a batch proof's public inputs are computed from (§7.1). */
export type BatchPublicInputsParameters = {
  chainId: bigint
  rollupAddress: bigint
  batchNumber: bigint
  oldStateRoot: bigint
  newStateRoot: bigint
  exitRoot: bigint
  /** The batch's record: its fee account, slots and priority op data. */
  record: BatchRecord
  /** Slots per proof (default BATCH_SLOTS); only a circuit of another size needs another value. */
  batchSlots?: number
}

/**
 * The public inputs of a batch proof, in the order of §7.1 (7 + 4·S values, S = batchSlots):
 * chainId, rollupAddress, batchNumber, feeAccountIndex, oldStateRoot, newStateRoot, exitRoot,
 * tx[S] (missing slots 0), opAddress[S], opPubAx[S], opPubAy[S] (the op data of priority slots,
 * 0 elsewhere). Every value is checked < r (InvalidFieldElementError); a record whose op data
 * does not match its priority slots, or with more than S slots, is an InvalidParameterError.
 */
export function batchPublicInputs(parameters: BatchPublicInputsParameters): bigint[] {
  const { chainId, rollupAddress, batchNumber, oldStateRoot, newStateRoot, exitRoot, record } = parameters
  const slotsPerProof = parameters.batchSlots ?? BATCH_SLOTS
  if (!Number.isInteger(slotsPerProof) || slotsPerProof < 1) {
    throw new InvalidParameterError({ parameter: 'batchSlots', reason: 'expected a positive integer' })
  }
  if (record.slots.length > slotsPerProof) {
    throw new InvalidParameterError({ parameter: 'record', reason: `${record.slots.length} slots, at most ${slotsPerProof}` })
  }
  if (typeof rollupAddress !== 'bigint' || rollupAddress < 0n || rollupAddress >= MAX_ADDRESS) {
    throw new InvalidFieldElementError({ what: 'rollupAddress (a 160-bit integer)', value: rollupAddress })
  }
  const zeros = () => new Array<bigint>(slotsPerProof).fill(0n)
  const tx = zeros()
  const opAddress = zeros()
  const opPubAx = zeros()
  const opPubAy = zeros()
  let nextOp = 0
  record.slots.forEach((packed, j) => {
    tx[j] = packed
    if (!isPriorityOpType(Number(packed & TYPE_MASK))) return
    const data = record.opData[nextOp++]
    if (data === undefined) throw new InvalidParameterError({ parameter: 'record', reason: `priority slot ${j} has no op data` })
    opAddress[j] = data.l1Address
    opPubAx[j] = data.pubAx
    opPubAy[j] = data.pubAy
  })
  if (nextOp !== record.opData.length) {
    throw new InvalidParameterError({ parameter: 'record', reason: `${record.opData.length} op data entries for ${nextOp} priority slots` })
  }
  const inputs = [
    chainId,
    rollupAddress,
    batchNumber,
    BigInt(record.feeAccountIndex),
    oldStateRoot,
    newStateRoot,
    exitRoot,
    ...tx,
    ...opAddress,
    ...opPubAx,
    ...opPubAy,
  ]
  inputs.forEach((value, index) => assertFieldElement(value, `public input ${index}`))
  return inputs
}
