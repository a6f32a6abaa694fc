// sequenceBatches (docs/PROTOCOL.md §6.1): only the sequencer, tight records validated slot by slot,
// priority slots bound to the queue's op hashes in order, and one checkpoint per call equal to the
// accumulated input hash src/protocol computes.
import { parseEther, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { rollupAbi } from '../generated/abis'
import { TxType } from '../../src/protocol/constants'
import {
  concatHex,
  deposit,
  expectRevert,
  forcedExit,
  mined,
  rawRecord,
  registerKey,
  sequenceRecords,
  transferSlot,
  withdrawSlot,
  type Lantern,
  type QueuedOp,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern

useLantern({ verifier: 'mock' }, (lantern) => {
  L = lantern
})

const readRollup = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
  L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never })

/** Queues op 0 DEPOSIT alice→bob (index 1), op 1 REGISTER_KEY carol (index 2), op 2 FORCED_EXIT bob. */
async function queueThreeOps() {
  await mined(L, deposit(L, L.alice, L.bob, parseEther('1')))
  await mined(L, registerKey(L, L.carol, [11n, 22n]))
  await mined(L, forcedExit(L, L.bob))
  return L.model.syncOps()
}

const dataOf = (op: QueuedOp) => ({ l1Address: op.l1Address, pubAx: op.pubAx, pubAy: op.pubAy })

describe('who may sequence', () => {
  it('only the trusted sequencer', async () => {
    for (const who of [L.alice, L.stranger]) {
      await expectRevert(sequenceRecords(L, [rawRecord([])], who), 'Rollup__NotSequencer')
    }
    expect(await readRollup('lastSequencedBatch')).toBe(0n)
  })

  it('refuses an empty call', async () => {
    await expectRevert(sequenceRecords(L, '0x'), 'Rollup__NoBatches')
  })
})

describe('record framing', () => {
  it('a batch of four transfers is 71 bytes and costs one checkpoint', async () => {
    const record = rawRecord([1, 2, 3, 4].map((i) => transferSlot(i, i + 1, 5n, 1n)), [], 7)
    expect((record.length - 2) / 2).toBe(71)
    const receipt = await L.model.sequenceRaw([record])
    const events = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchesSequenced', blockHash: receipt.blockHash })
    expect(events.map((e) => e.args)).toEqual([{ firstBatch: 1n, lastBatch: 1n, accInputHash: L.model.batches[1]!.accInputHash }])
  })

  it('refuses a header cut short, more than 4 slots, slots or op data running past the end', async () => {
    await expectRevert(sequenceRecords(L, '0x0000'), 'Rollup__InvalidBatchLength', [0n, 0n])
    await expectRevert(sequenceRecords(L, rawRecord([0n, 0n, 0n, 0n, 0n])), 'Rollup__InvalidBatchLength', [0n, 0n])
    const cut = rawRecord([transferSlot(1, 2, 3n)]).slice(0, -2) as Hex
    await expectRevert(sequenceRecords(L, cut), 'Rollup__InvalidBatchLength', [0n, 0n])
    // A second record whose slot count claims more slots than there are bytes.
    await expectRevert(sequenceRecords(L, concatHex([rawRecord([]), rawRecord([transferSlot(1, 2, 3n)], [], 0, 2)])), 'Rollup__InvalidBatchLength', [1n, 3n])
    const ops = await queueThreeOps()
    const noOpData = rawRecord([ops[0]!.packed])
    await expectRevert(sequenceRecords(L, noOpData), 'Rollup__InvalidBatchLength', [0n, 0n])
  })

  it('refuses types 6 and 7, bits 131–135, and non-canonical NOOP and WITHDRAW slots', async () => {
    const transfer = transferSlot(1, 2, 5n, 1n)
    for (const [slot, bad] of [
      [0, 6n],
      [0, 7n | (1n << 3n)],
      [1, transfer | (1n << 131n)],
      [1, transfer | (1n << 135n)],
      [1, 1n << 3n], // a NOOP with a fromIndex
      [1, withdrawSlot(1, 5n) | (2n << 19n)], // a WITHDRAW with a toIndex
    ] as const) {
      const slots = slot === 0 ? [bad] : [transfer, bad]
      await expectRevert(sequenceRecords(L, rawRecord(slots)), 'Rollup__InvalidTransaction', [0n, BigInt(slot)])
    }
  })

  it('reads each slot from its own 17 bytes, whatever follows, and chains each record exactly', async () => {
    // Two records in one call, the first slot's 32-byte calldata word overlapping the next record.
    const records = [rawRecord([transferSlot(3, 4, 1n)], [], 65535), rawRecord([transferSlot(65535, 65535, (1n << 64n) - 1n, (1n << 32n) - 1n)])]
    await L.model.sequenceRaw(records)
    expect(await readRollup('lastSequencedBatch')).toBe(2n)
    // One checkpoint per call: batch 1 is inside the call, batch 2 ends it.
    expect(await readRollup('accInputHashAt', [1n])).toBe(`0x${'00'.repeat(32)}`)
    expect(await readRollup('accInputHashAt', [2n])).toBe(L.model.batches[2]!.accInputHash)
  })
})

describe('priority slots', () => {
  it('consumes queued ops in order with their op data, and stores one checkpoint per call', async () => {
    const ops = await queueThreeOps()
    const receipt = await L.model.sequence([
      { slots: [ops[0]!.packed, transferSlot(1, 1, 7n, 2n), ops[1]!.packed], feeAccountIndex: 2 },
      { slots: [ops[2]!.packed] },
    ])
    expect(await readRollup('lastSequencedBatch')).toBe(2n)
    expect(await readRollup('lastVerifiedBatch')).toBe(0n)
    expect(await readRollup('sequencedPriorityOpsEnd')).toBe(3n)
    expect(await readRollup('verifiedPriorityOpsEnd')).toBe(0n)
    expect(await readRollup('accInputHashAt', [2n])).toBe(L.model.batches[2]!.accInputHash)
    const events = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchesSequenced', blockHash: receipt.blockHash })
    expect(events.map((e) => e.args)).toEqual([{ firstBatch: 1n, lastBatch: 2n, accInputHash: L.model.batches[2]!.accInputHash }])
  })

  it('may leave ops pending for a later batch', async () => {
    const ops = await queueThreeOps()
    await L.model.sequence([{ slots: [transferSlot(1, 2, 1n)] }])
    expect(await readRollup('sequencedPriorityOpsEnd')).toBe(0n)
    await L.model.sequence([{ slots: [ops[0]!.packed] }])
    expect(await readRollup('sequencedPriorityOpsEnd')).toBe(1n)
  })

  it('refuses a batch that skips or reorders ops', async () => {
    const ops = await queueThreeOps()
    await expectRevert(sequenceRecords(L, rawRecord([ops[1]!.packed], [dataOf(ops[1]!)])), 'Rollup__PriorityOpMismatch', [0n, 0n])
    await expectRevert(
      sequenceRecords(L, rawRecord([ops[0]!.packed, ops[2]!.packed], [dataOf(ops[0]!), dataOf(ops[2]!)])),
      'Rollup__PriorityOpMismatch',
      [0n, 1n],
    )
    await expectRevert(
      sequenceRecords(L, rawRecord([ops[1]!.packed, ops[0]!.packed], [dataOf(ops[1]!), dataOf(ops[0]!)])),
      'Rollup__PriorityOpMismatch',
      [0n, 0n],
    )
  })

  it('refuses an op with altered amount, account, type, address or key, and an invented op', async () => {
    const ops = await queueThreeOps()
    const op0 = ops[0]!
    const d0 = dataOf(op0)
    for (const [slot, data] of [
      [op0.packed + (1n << 35n), d0],
      [op0.packed + (1n << 3n), d0],
      [op0.packed + 1n, d0], // DEPOSIT → REGISTER_KEY
      [op0.packed, { ...d0, l1Address: BigInt(L.carol) }],
      [op0.packed, { ...d0, pubAx: 1n }],
      [op0.packed, { ...d0, pubAy: 1n }],
    ] as const) {
      await expectRevert(sequenceRecords(L, rawRecord([slot], [data])), 'Rollup__PriorityOpMismatch', [0n, 0n])
    }
    const invented = BigInt(TxType.DEPOSIT) + (1n << 3n) + (5n << 35n)
    const all = [...ops.map((o) => o.packed), invented]
    await expectRevert(sequenceRecords(L, rawRecord(all, [...ops.map(dataOf), d0])), 'Rollup__PriorityOpMismatch', [0n, 3n])
  })

  it('refuses a priority slot when the queue is empty', async () => {
    const invented = BigInt(TxType.FORCED_EXIT) + (1n << 3n)
    await expectRevert(sequenceRecords(L, rawRecord([invented], [{ l1Address: 1n, pubAx: 0n, pubAy: 0n }])), 'Rollup__PriorityOpMismatch', [0n, 0n])
  })

  it('checks ops across the records of one call, and a bad second record reverts the first too', async () => {
    const ops = await queueThreeOps()
    const r0 = rawRecord([ops[0]!.packed], [dataOf(ops[0]!)])
    await expectRevert(sequenceRecords(L, [r0, r0]), 'Rollup__PriorityOpMismatch', [1n, 0n])
    expect(await readRollup('lastSequencedBatch')).toBe(0n)
    await L.model.sequence([{ slots: [ops[0]!.packed] }, { slots: [ops[1]!.packed, ops[2]!.packed] }])
    expect(await readRollup('sequencedPriorityOpsEnd')).toBe(3n)
    // An op already consumed cannot be consumed again by a later call.
    await expectRevert(sequenceRecords(L, rawRecord([ops[2]!.packed], [dataOf(ops[2]!)])), 'Rollup__PriorityOpMismatch', [0n, 0n])
  })

  it('continues the accumulated input hash across calls', async () => {
    const ops = await queueThreeOps()
    await L.model.sequence([{ slots: [ops[0]!.packed] }])
    await L.model.sequence([{ slots: [] }, { slots: [ops[1]!.packed], feeAccountIndex: 1 }])
    expect(await readRollup('accInputHashAt', [1n])).toBe(L.model.batches[1]!.accInputHash)
    expect(await readRollup('accInputHashAt', [2n])).toBe(`0x${'00'.repeat(32)}`)
    expect(await readRollup('accInputHashAt', [3n])).toBe(L.model.batches[3]!.accInputHash)
  })
})
