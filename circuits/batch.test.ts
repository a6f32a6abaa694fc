/**
 * The batch circuit against the protocol executor: valid batches prove and verify with the
 * committed artifacts, and the circuit's public input equals the one TypeScript computes.
 * (Failing witnesses live in batch.soundness.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCrypto } from '../src/protocol/crypto/loadCrypto.js'
import { proveBatch } from '../src/prover/proveBatch.js'
import { proofToSolidityCalldata } from '../src/prover/proofToSolidityCalldata.js'
import { releaseCurve } from '../src/prover/releaseCurve.js'
import { verifyBatchProof } from '../src/prover/verifyBatchProof.js'
import { buildRawBatch, publicHashOf, RawTree } from './testing/rawBatch.js'
import { randomBatches } from './testing/randomBatches.js'
import {
  DOMAIN, type Scenario, batch1Items, batch2Items, normalizeInput, rawSlotsOf, runScenario,
} from './testing/scenario.js'
import { calculateWitness, witnessFailure } from './testing/witness.js'
import { ARTIFACT_PATHS } from './tooling/paths.js'

const artifacts = { wasm: ARTIFACT_PATHS.wasm, zkey: ARTIFACT_PATHS.zkey }
let scenario: Scenario

beforeAll(async () => {
  await loadCrypto()
  scenario = await runScenario()
})

afterAll(async () => {
  await releaseCurve()
})

describe('the executor and the rule-free model agree', () => {
  it('on batch 1 (deposit + 3 NOOP) from genesis', () => {
    const raw = buildRawBatch({
      tree: new RawTree(),
      context: { ...DOMAIN, batchNumber: 1n, feeAccountIndex: 0n, oldPriorityHash: 0n },
      slots: rawSlotsOf(batch1Items()),
    })
    expect(normalizeInput(raw.input)).toEqual(normalizeInput(scenario.batch1.circuitInput))
    expect(raw.publicInputHash).toBe(scenario.batch1.publicInputHash)
  })

  it('on batch 2 (deposit, register key, transfer, withdraw)', () => {
    const afterBatch1 = buildRawBatch({
      tree: new RawTree(),
      context: { ...DOMAIN, batchNumber: 1n, feeAccountIndex: 0n, oldPriorityHash: 0n },
      slots: rawSlotsOf(batch1Items()),
    }).tree
    expect(afterBatch1.root()).toBe(scenario.batch1.newStateRoot)
    const raw = buildRawBatch({
      tree: afterBatch1,
      context: { ...DOMAIN, batchNumber: 2n, feeAccountIndex: 2n, oldPriorityHash: scenario.batch1.newPriorityHash },
      slots: rawSlotsOf(batch2Items()),
    })
    expect(normalizeInput(raw.input)).toEqual(normalizeInput(scenario.batch2.circuitInput))
    expect(publicHashOf(raw.computed)).toBe(scenario.batch2.publicInputHash)
    expect(raw.tree.root()).toBe(scenario.batch2.newStateRoot)
  })
})

describe('valid batches prove and verify with the committed zkey', () => {
  for (const name of ['batch1', 'batch2'] as const) {
    it(`${name}: the proof's public signal is the TypeScript publicInputHash`, async () => {
      const result = scenario[name]
      const { proof, publicSignals } = await proveBatch(result.circuitInput, artifacts)
      expect(publicSignals).toEqual([result.publicInputHash.toString()])
      expect(await verifyBatchProof(proof, result.publicInputHash)).toBe(true)
      // The same proof does not verify for any other public input.
      expect(await verifyBatchProof(proof, result.publicInputHash + 1n)).toBe(false)
      const calldata = proofToSolidityCalldata(proof)
      expect(calldata.b[0]).toEqual([BigInt(proof.pi_b[0][1]), BigInt(proof.pi_b[0][0])])
    })
  }
})

describe('random valid batches: the circuit computes the TypeScript publicInputHash', () => {
  // Witnesses only (no proving, to stay fast). The witness includes the constraint
  // publicInputHash === Poseidon(h1, h2) over what the circuit computed, so computing it
  // succeeds exactly when the circuit's hash equals the executor's, bit for bit; the +1
  // variant shows the check is live for each batch.
  it('seed 0x1a17e5, 8 batches of 1–4 random slots', async () => {
    let batches = 0
    for await (const { result, before, items } of randomBatches({ seed: 0x1a17e5, batches: 8 })) {
      await expect(calculateWitness(result.circuitInput)).resolves.toBeInstanceOf(Uint8Array)
      const tampered = { ...result.circuitInput, publicInputHash: result.publicInputHash ^ 1n }
      expect((await witnessFailure(tampered)).template).toBe('Batch')
      // The executor and the rule-free model agree on every signal.
      const raw = buildRawBatch({
        tree: before,
        context: {
          ...DOMAIN,
          batchNumber: result.context.batchNumber,
          feeAccountIndex: BigInt(result.context.feeAccountIndex),
          oldPriorityHash: result.context.oldPriorityHash,
        },
        slots: rawSlotsOf(items),
      })
      expect(normalizeInput(raw.input)).toEqual(normalizeInput(result.circuitInput))
      batches++
    }
    expect(batches).toBe(8)
  })
})
