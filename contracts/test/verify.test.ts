// verifyBatch's own logic (docs/PROTOCOL.md §7.1, §8) with a MockVerifier that accepts exactly the
// public input src/protocol computes — so a batch verifies only if the Rollup recomputed the same
// hash from its own storage. Real Groth16 proofs against the real verifier: proof.test.ts.
import { parseEther } from 'viem'
import { beforeEach, describe, expect, it } from 'vitest'
import { rollupAbi } from '../generated/abis'
import { SNARK_SCALAR_FIELD } from '../../src/protocol/constants'
import { fixture } from './helpers/fixtures'
import {
  deposit,
  expectPublicInput,
  expectRevert,
  mined,
  transferSlot,
  verifyBatch,
  type Lantern,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern

useLantern({ verifier: 'mock' }, (lantern) => {
  L = lantern
})

const readRollup = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
  L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never })

// Roots the "prover" claims; any canonical field elements will do for the contract's own logic.
const ROOT_1 = 111n
const EXIT_1 = 222n
const ROOT_2 = 333n
const EXIT_2 = 444n

/** Two sequenced batches: batch 1 consumes deposit op 0 and op 1, batch 2 is L2-only. */
beforeEach(async () => {
  await mined(L, deposit(L, L.alice, L.alice, parseEther('2'), [5n, 6n]))
  await mined(L, deposit(L, L.bob, L.carol, parseEther('1')))
  const ops = await L.model.syncOps()
  await L.model.sequence([{ slots: [ops[0]!.packed, ops[1]!.packed], feeAccountIndex: 1 }, { slots: [transferSlot(1, 2, 3n, 1n)], feeAccountIndex: 1 }])
})

describe('public input', () => {
  it('is recomputed on chain exactly as src/protocol computes it', async () => {
    expect(await readRollup('publicInput', [1n, ROOT_1, EXIT_1])).toBe(L.model.publicInput(1, ROOT_1, EXIT_1))
  })

  it('verifies batch 1, stores its roots and moves the consolidated counters', async () => {
    const receipt = await L.model.verifyWithMock(1, ROOT_1, EXIT_1)
    expect(await readRollup('lastVerifiedBatch')).toBe(1n)
    expect(await readRollup('lastSequencedBatch')).toBe(2n)
    expect(await readRollup('lastVerifiedStateRoot')).toBe(ROOT_1)
    expect(await readRollup('exitRootOf', [1n])).toBe(EXIT_1)
    expect(await readRollup('verifiedPriorityOpsEnd')).toBe(2n)
    const batch = (await readRollup('getBatch', [1n])) as { stateRoot: bigint; exitRoot: bigint; verifiedAtBlock: bigint }
    expect(batch).toMatchObject({ stateRoot: ROOT_1, exitRoot: EXIT_1, verifiedAtBlock: receipt.blockNumber })
    const events = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchVerified', args: { batchNumber: 1n } })
    expect(events.map((e) => e.args)).toEqual([{ batchNumber: 1n, stateRoot: ROOT_1, exitRoot: EXIT_1, aggregator: L.stranger }])

    // Batch 2's old state root is batch 1's verified root, its old priority hash P[2].
    await L.model.verifyWithMock(2, ROOT_2, EXIT_2)
    expect(await readRollup('lastVerifiedStateRoot')).toBe(ROOT_2)
    expect(await readRollup('verifiedPriorityOpsEnd')).toBe(2n)
  })

  it('is permissionless: any address may submit the proof', async () => {
    await expectPublicInput(L, L.model.publicInput(1, ROOT_1, EXIT_1))
    await mined(L, verifyBatch(L, 1n, ROOT_1, EXIT_1, undefined, L.carol))
  })

  it('refuses a proof of other roots than the ones submitted', async () => {
    await expectPublicInput(L, L.model.publicInput(1, ROOT_1, EXIT_1))
    await expectRevert(verifyBatch(L, 1n, ROOT_1 + 1n, EXIT_1), 'Rollup__InvalidProof')
    await expectRevert(verifyBatch(L, 1n, ROOT_1, EXIT_1 + 1n), 'Rollup__InvalidProof')
  })

  it('refuses a proof of another batch (its public input binds the batch number and its data)', async () => {
    // A valid proof of batch 2 (from genesis root, with the same roots) does not verify batch 1.
    await expectPublicInput(L, L.model.publicInput(2, ROOT_1, EXIT_1, L.model.batches[0]!.stateRoot))
    await expectRevert(verifyBatch(L, 1n, ROOT_1, EXIT_1), 'Rollup__InvalidProof')
  })

  it('treats a verifier that reverts as an invalid proof', async () => {
    await expectPublicInput(L, L.model.publicInput(1, ROOT_1, EXIT_1))
    const mock = fixture('MockVerifier')
    await mined(L, L.wallet(L.sequencer).writeContract({ address: L.verifier, abi: mock.abi, functionName: 'setReverts', args: [true] }))
    await expectRevert(verifyBatch(L, 1n, ROOT_1, EXIT_1), 'Rollup__InvalidProof')
  })
})

describe('order', () => {
  it('refuses a batch out of order', async () => {
    await expectPublicInput(L, L.model.publicInput(2, ROOT_2, EXIT_2, ROOT_1))
    await expectRevert(verifyBatch(L, 2n, ROOT_2, EXIT_2), 'Rollup__BatchOutOfOrder', [2n, 1n])
  })

  it('refuses a batch beyond what was sequenced', async () => {
    await expectRevert(verifyBatch(L, 3n, ROOT_1, EXIT_1), 'Rollup__BatchNotSequenced', [3n])
    await expectRevert(verifyBatch(L, 2n ** 64n - 1n, ROOT_1, EXIT_1), 'Rollup__BatchNotSequenced', [2n ** 64n - 1n])
  })

  it('refuses genesis and any batch already verified, even with a valid proof for it', async () => {
    await expectRevert(verifyBatch(L, 0n, ROOT_1, EXIT_1), 'Rollup__BatchAlreadyVerified', [0n])
    await L.model.verifyWithMock(1, ROOT_1, EXIT_1)
    // The mock still accepts batch 1's public input: only the batch-number check stops a replay.
    await expectRevert(verifyBatch(L, 1n, ROOT_1, EXIT_1), 'Rollup__BatchAlreadyVerified', [1n])
    await expectRevert(verifyBatch(L, 1n, ROOT_2, EXIT_2), 'Rollup__BatchAlreadyVerified', [1n])
  })
})

describe('field elements', () => {
  it('refuses a state root or exit root ≥ r, which Poseidon would reduce to another value', async () => {
    // v + r hashes like v in poseidon-solidity, so the mock is primed with v's input: only the range check stands.
    await expectPublicInput(L, L.model.publicInput(1, ROOT_1, EXIT_1))
    await expectRevert(verifyBatch(L, 1n, ROOT_1 + SNARK_SCALAR_FIELD, EXIT_1), 'Rollup__InvalidFieldElement', [ROOT_1 + SNARK_SCALAR_FIELD])
    await expectRevert(verifyBatch(L, 1n, ROOT_1, EXIT_1 + SNARK_SCALAR_FIELD), 'Rollup__InvalidFieldElement', [EXIT_1 + SNARK_SCALAR_FIELD])
    await expectRevert(verifyBatch(L, 1n, SNARK_SCALAR_FIELD, EXIT_1), 'Rollup__InvalidFieldElement', [SNARK_SCALAR_FIELD])
    await mined(L, verifyBatch(L, 1n, ROOT_1, EXIT_1))
  })

  it('accepts r − 1', async () => {
    await expectPublicInput(L, L.model.publicInput(1, SNARK_SCALAR_FIELD - 1n, SNARK_SCALAR_FIELD - 1n))
    await mined(L, verifyBatch(L, 1n, SNARK_SCALAR_FIELD - 1n, SNARK_SCALAR_FIELD - 1n))
  })
})
