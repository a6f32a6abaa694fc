// sequenceBatches (docs/PROTOCOL.md §6.1): only the sequencer, calldata validated slot by slot,
// priority slots bound to the queue in order, and the stored commitments equal to src/protocol's.
import { parseEther, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { rollupAbi } from '../generated/abis'
import { TxType } from '../../src/protocol/constants'
import {
  deposit,
  encodeSlots,
  expectRevert,
  forcedExit,
  mined,
  registerKey,
  rollupTestAbi,
  sequenceBatches,
  transferSlot,
  withdrawSlot,
  type Lantern,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern

useLantern({ verifier: 'mock' }, (lantern) => {
  L = lantern
})

function sequenceRaw(txs: Hex, feeAccountIndex = 0) {
  return L.wallet(L.sequencer).writeContract({
    address: L.rollup,
    abi: rollupTestAbi,
    functionName: 'sequenceBatches',
    args: [[{ txs, feeAccountIndex }]],
  })
}

const readRollup = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
  L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never })

/** Queues op 0 DEPOSIT alice→bob (index 1), op 1 REGISTER_KEY carol (index 2), op 2 FORCED_EXIT bob. */
async function queueThreeOps() {
  await mined(L, deposit(L, L.alice, L.bob, parseEther('1')))
  await mined(L, registerKey(L, L.carol, [11n, 22n]))
  await mined(L, forcedExit(L, L.bob))
  return L.model.syncOps()
}

describe('who may sequence', () => {
  it('only the trusted sequencer', async () => {
    for (const who of [L.alice, L.stranger]) {
      await expectRevert(sequenceBatches(L, [{ slots: [] }], who), 'Rollup__NotSequencer')
    }
    expect(await readRollup('lastSequencedBatch')).toBe(0n)
  })

  it('refuses an empty list of batches', async () => {
    await expectRevert(sequenceBatches(L, []), 'Rollup__NoBatches')
  })
})

describe('calldata validation', () => {
  it('refuses a length that is not a multiple of 17 or exceeds 4 slots', async () => {
    await expectRevert(sequenceRaw(`0x${'00'.repeat(16)}`), 'Rollup__InvalidBatchLength', [0n, 16n])
    await expectRevert(sequenceRaw(`0x${'00'.repeat(18)}`), 'Rollup__InvalidBatchLength', [0n, 18n])
    await expectRevert(sequenceRaw(encodeSlots([0n, 0n, 0n, 0n, 0n])), 'Rollup__InvalidBatchLength', [0n, 85n])
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
      await expectRevert(sequenceBatches(L, [{ slots }]), 'Rollup__InvalidTransaction', [0n, BigInt(slot)])
    }
  })

  it('refuses a fee account index of 2^16 or more', async () => {
    await expectRevert(sequenceBatches(L, [{ slots: [], feeAccountIndex: 65536 }]), 'Rollup__InvalidFeeAccount', [0n, 65536n])
    await mined(L, sequenceBatches(L, [{ slots: [], feeAccountIndex: 65535 }]))
  })

  it('reads each slot from its own 17 bytes, whatever follows in calldata', async () => {
    // Two batches in one call: slot 0 of the first batch is a TRANSFER whose 32-byte calldata word
    // overlaps the second batch's bytes; the stored commitment must still be of the 17 bytes alone.
    const batches = [{ slots: [transferSlot(3, 4, 1n)] }, { slots: [transferSlot(65535, 65535, (1n << 64n) - 1n, (1n << 32n) - 1n)] }]
    await L.model.sequence(batches)
    for (const n of [1, 2]) {
      const stored = await readRollup('getBatch', [BigInt(n)])
      expect((stored as { dataCommitment: bigint }).dataCommitment).toBe(L.model.batches[n]!.dataCommitment)
    }
  })
})

describe('priority slots', () => {
  it('consumes queued ops in order, stores the §6.1 commitments and emits everything a light client needs', async () => {
    const ops = await queueThreeOps()
    const batches = [
      { slots: [ops[0]!.packed, transferSlot(1, 1, 7n, 2n), ops[1]!.packed], feeAccountIndex: 2 },
      { slots: [ops[2]!.packed] },
    ]
    const receipt = await L.model.sequence(batches)

    expect(await readRollup('lastSequencedBatch')).toBe(2n)
    expect(await readRollup('lastVerifiedBatch')).toBe(0n)
    expect(await readRollup('sequencedPriorityOpsEnd')).toBe(3n)
    expect(await readRollup('verifiedPriorityOpsEnd')).toBe(0n)
    for (const n of [1, 2]) {
      const model = L.model.batches[n]!
      expect(await readRollup('getBatch', [BigInt(n)])).toEqual({
        accInputHash: model.accInputHash,
        dataCommitment: model.dataCommitment,
        stateRoot: 0n,
        exitRoot: 0n,
        priorityOpsEnd: BigInt(model.priorityOpsEnd),
        feeAccountIndex: model.feeAccountIndex,
        sequencedAtBlock: receipt.blockNumber,
        verifiedAtBlock: 0n,
      })
    }
    const events = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchSequenced', fromBlock: 0n })
    expect(events.map((e) => e.args)).toEqual(
      [1, 2].map((n) => ({
        batchNumber: BigInt(n),
        accInputHash: L.model.batches[n]!.accInputHash,
        dataCommitment: L.model.batches[n]!.dataCommitment,
        priorityOpsEnd: BigInt(L.model.batches[n]!.priorityOpsEnd),
        feeAccountIndex: L.model.batches[n]!.feeAccountIndex,
        txs: encodeSlots(batches[n - 1]!.slots),
      })),
    )
  })

  it('may leave ops pending for a later batch', async () => {
    const ops = await queueThreeOps()
    await L.model.sequence([{ slots: [transferSlot(1, 2, 1n)] }])
    expect(await readRollup('sequencedPriorityOpsEnd')).toBe(0n)
    await L.model.sequence([{ slots: [ops[0]!.packed] }])
    expect(await readRollup('sequencedPriorityOpsEnd')).toBe(1n)
  })

  it('refuses a batch that skips an op', async () => {
    const ops = await queueThreeOps()
    await expectRevert(sequenceBatches(L, [{ slots: [ops[1]!.packed] }]), 'Rollup__PriorityOpMismatch', [0n, 0n])
    await expectRevert(sequenceBatches(L, [{ slots: [ops[0]!.packed, ops[2]!.packed] }]), 'Rollup__PriorityOpMismatch', [0n, 1n])
  })

  it('refuses a batch that reorders ops', async () => {
    const ops = await queueThreeOps()
    await expectRevert(sequenceBatches(L, [{ slots: [ops[1]!.packed, ops[0]!.packed] }]), 'Rollup__PriorityOpMismatch', [0n, 0n])
  })

  it('refuses a batch that invents an op, or alters the amount, account or type of one', async () => {
    const ops = await queueThreeOps()
    const op0 = ops[0]!.packed
    const invented = BigInt(TxType.DEPOSIT) + (1n << 3n) + (5n << 35n)
    await expectRevert(sequenceBatches(L, [{ slots: [...ops.map((o) => o.packed), invented] }]), 'Rollup__PriorityOpMismatch', [0n, 3n])
    await expectRevert(sequenceBatches(L, [{ slots: [op0 + (1n << 35n)] }]), 'Rollup__PriorityOpMismatch', [0n, 0n])
    await expectRevert(sequenceBatches(L, [{ slots: [op0 + (1n << 3n)] }]), 'Rollup__PriorityOpMismatch', [0n, 0n])
    await expectRevert(sequenceBatches(L, [{ slots: [op0 + 1n] }]), 'Rollup__PriorityOpMismatch', [0n, 0n]) // DEPOSIT → REGISTER_KEY
  })

  it('refuses a priority slot when the queue is empty', async () => {
    const invented = BigInt(TxType.FORCED_EXIT) + (1n << 3n)
    await expectRevert(sequenceBatches(L, [{ slots: [invented] }]), 'Rollup__PriorityOpMismatch', [0n, 0n])
  })

  it('checks ops across the batches of one call, and a bad second batch reverts the first too', async () => {
    const ops = await queueThreeOps()
    await expectRevert(
      sequenceBatches(L, [{ slots: [ops[0]!.packed] }, { slots: [ops[0]!.packed] }]),
      'Rollup__PriorityOpMismatch',
      [1n, 0n],
    )
    expect(await readRollup('lastSequencedBatch')).toBe(0n)
    await L.model.sequence([{ slots: [ops[0]!.packed] }, { slots: [ops[1]!.packed, ops[2]!.packed] }])
    expect(await readRollup('sequencedPriorityOpsEnd')).toBe(3n)
    // An op already consumed cannot be consumed again by a later call.
    await expectRevert(sequenceBatches(L, [{ slots: [ops[2]!.packed] }]), 'Rollup__PriorityOpMismatch', [0n, 0n])
  })

  it('continues the accumulated input hash across calls', async () => {
    const ops = await queueThreeOps()
    await L.model.sequence([{ slots: [ops[0]!.packed] }])
    await L.model.sequence([{ slots: [] }, { slots: [ops[1]!.packed], feeAccountIndex: 1 }])
    for (const n of [1, 2, 3]) {
      const stored = (await readRollup('getBatch', [BigInt(n)])) as { accInputHash: Hex }
      expect(stored.accInputHash).toBe(L.model.batches[n]!.accInputHash)
    }
  })
})
