// verifyBatches' own logic (docs/PROTOCOL.md §7.1, §7.4, §8) with a MockVerifier that accepts exactly
// the inputs src/protocol computes for the roots src/protocol's executor computes — so batches
// verify only if the Rollup rebuilt the same 21 inputs per proof from the records and its storage.
// Real Groth16 proofs against the generated BatchVerifier: proof.test.ts and batchVerifier.test.ts.
import { parseEther, type Hex } from 'viem'
import { beforeEach, describe, expect, it } from 'vitest'
import { rollupAbi } from '../generated/abis'
import { SNARK_SCALAR_FIELD } from '../../src/protocol/constants'
import { exitRoot } from '../../src/protocol/batch/exitTree'
import { fixture } from './helpers/fixtures'
import {
  DUMMY_PROOF,
  concatHex,
  deposit,
  expectInputs,
  expectRevert,
  mined,
  transferSlot,
  verifyBatches,
  withdrawSlot,
  type BatchProofArg,
  type Lantern,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern

useLantern({ verifier: 'mock' }, (lantern) => {
  L = lantern
})

const readRollup = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
  L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never })

/**
 * Batch 1 (its own call): alice's deposit with key (index 1), bob's deposit for carol (index 2).
 * Batches 2 and 3 (one call): alice pays carol 3 gwei; alice withdraws 1000 gwei (an exit).
 * Checkpoints: 1 and 3.
 */
beforeEach(async () => {
  await mined(L, deposit(L, L.alice, L.alice, parseEther('2'), [5n, 6n]))
  await mined(L, deposit(L, L.bob, L.carol, parseEther('1')))
  const ops = await L.model.syncOps()
  await L.model.sequence([{ slots: [ops[0]!.packed, ops[1]!.packed], feeAccountIndex: 1 }])
  await L.model.sequence([{ slots: [transferSlot(1, 2, 3n, 1n)], feeAccountIndex: 1 }, { slots: [withdrawSlot(1, 1000n)], feeAccountIndex: 1 }])
})

/** The proofs and the exact inputs of batches first..last as the executor computes them. */
async function batchProofs(first: number, last: number) {
  const proofs: BatchProofArg[] = []
  const inputs: bigint[] = []
  for (let n = first; n <= last; n++) {
    const r = await L.model.rootsOf(n)
    proofs.push({ newStateRoot: r.newStateRoot, exitRoot: r.exitRoot, proof: DUMMY_PROOF })
    inputs.push(...L.model.inputs(n, r.oldStateRoot, r.newStateRoot, r.exitRoot))
  }
  return { proofs, inputs, records: L.model.recordsOf(first, last) }
}

describe('verifyBatches', () => {
  it('verifies one batch, then two in one call, moving roots and counters; exit roots only when not empty', async () => {
    const receipt = await L.model.verifyWithMock(1, 1)
    const b1 = await L.model.rootsOf(1)
    expect(await readRollup('lastVerifiedBatch')).toBe(1n)
    expect(await readRollup('lastVerifiedStateRoot')).toBe(b1.newStateRoot)
    expect(await readRollup('verifiedPriorityOpsEnd')).toBe(2n)
    // A batch without exits reads as the empty exit tree's root (a constant, equal to src/protocol's).
    expect(await readRollup('exitRootOf', [1n])).toBe(exitRoot([null, null, null, null]))
    const events = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchesVerified', blockHash: receipt.blockHash })
    expect(events.map((e) => e.args)).toEqual([{ firstBatch: 1n, lastBatch: 1n, stateRoot: b1.newStateRoot, aggregator: L.stranger }])

    await L.model.verifyWithMock(2, 3, L.carol) // any address may aggregate
    const b3 = await L.model.rootsOf(3)
    expect(await readRollup('lastVerifiedBatch')).toBe(3n)
    expect(await readRollup('lastVerifiedStateRoot')).toBe(b3.newStateRoot)
    expect(await readRollup('exitRootOf', [3n])).toBe(b3.exitRoot)
    expect(b3.exitRoot).not.toBe(exitRoot([null, null, null, null]))
    expect(await readRollup('exitRootOf', [4n])).toBe(0n)
    expect(await readRollup('verifiedPriorityOpsEnd')).toBe(2n)
  })

  it('verifies all three batches in one call', async () => {
    await L.model.verifyWithMock(1, 3)
    expect(await readRollup('lastVerifiedBatch')).toBe(3n)
  })

  it('refuses proofs of other roots or other data than the ones submitted', async () => {
    const { proofs, inputs, records } = await batchProofs(1, 1)
    await expectInputs(L, inputs)
    await expectRevert(verifyBatches(L, 1n, records, [{ ...proofs[0]!, newStateRoot: proofs[0]!.newStateRoot + 1n }]), 'Rollup__InvalidProof')
    await expectRevert(verifyBatches(L, 1n, records, [{ ...proofs[0]!, exitRoot: 5n }]), 'Rollup__InvalidProof')
    // The mock accepts batch 1's inputs only: a proof whose inputs say batch 2 would not verify batch 1.
    await expectInputs(L, inputs.map((v, j) => (j === 0 ? 2n : v)))
    await expectRevert(verifyBatches(L, 1n, records, proofs), 'Rollup__InvalidProof')
    await expectInputs(L, inputs)
    await mined(L, verifyBatches(L, 1n, records, proofs))
  })

  it('treats a verifier that reverts as an invalid proof', async () => {
    const { proofs, inputs, records } = await batchProofs(1, 1)
    await expectInputs(L, inputs)
    const mock = fixture('MockVerifier')
    await mined(L, L.wallet(L.sequencer).writeContract({ address: L.verifier, abi: mock.abi, functionName: 'setReverts', args: [true] }))
    await expectRevert(verifyBatches(L, 1n, records, proofs), 'Rollup__InvalidProof')
  })
})

describe('records', () => {
  it('must be exactly the sequenced records, from checkpoint to checkpoint', async () => {
    const { proofs, inputs, records } = await batchProofs(1, 1)
    await expectInputs(L, inputs)
    const flipped = `${records.slice(0, -2)}${records.endsWith('0') ? '1' : '0'}${records.slice(-1)}` as Hex
    await expectRevert(verifyBatches(L, 1n, flipped, proofs), 'Rollup__BatchDataMismatch')
    await expectRevert(verifyBatches(L, 1n, concatHex([records, '0x00']), proofs), 'Rollup__BatchDataMismatch')
    await expectRevert(verifyBatches(L, 1n, L.model.recordsOf(2, 2), proofs), 'Rollup__BatchDataMismatch')
    await expectRevert(verifyBatches(L, 1n, '0x', proofs), 'Rollup__BatchDataMismatch')
    await mined(L, verifyBatches(L, 1n, records, proofs))
  })

  it('end at a checkpoint and come with one proof per batch', async () => {
    await L.model.verifyWithMock(1, 1)
    const { proofs, inputs, records } = await batchProofs(2, 3)
    await expectInputs(L, inputs)
    // Batch 2 was sequenced in the same call as batch 3: only 3 is a checkpoint.
    await expectRevert(verifyBatches(L, 2n, L.model.recordsOf(2, 2), proofs.slice(0, 1)), 'Rollup__NotACheckpoint', [2n])
    await expectRevert(verifyBatches(L, 3n, records, proofs.slice(0, 1)), 'Rollup__ProofCountMismatch', [2n, 1n])
    await expectRevert(verifyBatches(L, 3n, records, [...proofs, proofs[0]!]), 'Rollup__ProofCountMismatch', [2n, 3n])
    await mined(L, verifyBatches(L, 3n, records, proofs))
  })
})

describe('order', () => {
  it('refuses a batch beyond what was sequenced', async () => {
    const { proofs, records } = await batchProofs(1, 1)
    await expectRevert(verifyBatches(L, 4n, records, proofs), 'Rollup__BatchNotSequenced', [4n])
    await expectRevert(verifyBatches(L, 2n ** 64n - 1n, records, proofs), 'Rollup__BatchNotSequenced', [2n ** 64n - 1n])
  })

  it('refuses genesis and any batch already verified, even with valid inputs for it', async () => {
    const { proofs, inputs, records } = await batchProofs(1, 1)
    await expectRevert(verifyBatches(L, 0n, records, proofs), 'Rollup__BatchAlreadyVerified', [0n])
    await expectInputs(L, inputs)
    await mined(L, verifyBatches(L, 1n, records, proofs))
    // The mock still accepts batch 1's inputs: only the batch-number check stops a replay.
    await expectRevert(verifyBatches(L, 1n, records, proofs), 'Rollup__BatchAlreadyVerified', [1n])
  })
})

describe('field elements', () => {
  it('refuses a state root or exit root ≥ r, which would act as v − r in the pairing check', async () => {
    const { proofs, inputs, records } = await batchProofs(1, 1)
    await expectInputs(L, inputs)
    const p = proofs[0]!
    await expectRevert(verifyBatches(L, 1n, records, [{ ...p, newStateRoot: p.newStateRoot + SNARK_SCALAR_FIELD }]), 'Rollup__InvalidFieldElement', [p.newStateRoot + SNARK_SCALAR_FIELD])
    await expectRevert(verifyBatches(L, 1n, records, [{ ...p, exitRoot: p.exitRoot + SNARK_SCALAR_FIELD }]), 'Rollup__InvalidFieldElement', [p.exitRoot + SNARK_SCALAR_FIELD])
    await expectRevert(verifyBatches(L, 1n, records, [{ ...p, newStateRoot: SNARK_SCALAR_FIELD }]), 'Rollup__InvalidFieldElement', [SNARK_SCALAR_FIELD])
    await mined(L, verifyBatches(L, 1n, records, proofs))
  })
})
