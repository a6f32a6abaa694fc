/**
 * The batch circuit against the protocol executor: valid batches prove and verify with the
 * committed artifacts, and the circuit's public signals are exactly the executor's §7.1 vector
 * (`BatchResult.publicInputs`). (Failing witnesses live in batch.soundness.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUBLIC_INPUTS, SNARK_SCALAR_FIELD } from '../src/protocol/constants.js'
import { loadCrypto } from '../src/protocol/crypto/loadCrypto.js'
import { proveBatch } from '../src/prover/proveBatch.js'
import { proofToSolidityCalldata } from '../src/prover/proofToSolidityCalldata.js'
import { releaseCurve } from '../src/prover/releaseCurve.js'
import { verifyBatchProof } from '../src/prover/verifyBatchProof.js'
import { buildRawBatch, loadRawCrypto, RawTree } from './testing/rawBatch.js'
import { randomBatches } from './testing/randomBatches.js'
import {
  DOMAIN, type Scenario, batch1Items, batch2Items, normalizeInput, rawSlotsOf, runScenario,
} from './testing/scenario.js'
import { calculateWitness, publicSignals, witnessFailure } from './testing/witness.js'
import { ARTIFACT_PATHS } from './tooling/paths.js'

const artifacts = { wasm: ARTIFACT_PATHS.wasm, zkey: ARTIFACT_PATHS.zkey }
let scenario: Scenario

beforeAll(async () => {
  await Promise.all([loadCrypto(), loadRawCrypto()])
  scenario = await runScenario()
})

afterAll(async () => {
  await releaseCurve()
})

const context = (batchNumber: bigint, feeAccountIndex: bigint) => ({ ...DOMAIN, batchNumber, feeAccountIndex })

describe('the executor and the rule-free model agree', () => {
  it('on batch 1 (deposit + 3 NOOP) from genesis', () => {
    const raw = buildRawBatch({ tree: new RawTree(), context: context(1n, 0n), slots: rawSlotsOf(batch1Items()) })
    expect(normalizeInput(raw.input)).toEqual(normalizeInput(scenario.batch1.circuitInput))
    expect(raw.publicInputs).toEqual(scenario.batch1.publicInputs)
  })

  it('on batch 2 (deposit, register key, transfer, withdraw)', () => {
    const afterBatch1 = buildRawBatch({ tree: new RawTree(), context: context(1n, 0n), slots: rawSlotsOf(batch1Items()) }).tree
    expect(afterBatch1.root()).toBe(scenario.batch1.newStateRoot)
    const raw = buildRawBatch({ tree: afterBatch1, context: context(2n, 2n), slots: rawSlotsOf(batch2Items()) })
    expect(normalizeInput(raw.input)).toEqual(normalizeInput(scenario.batch2.circuitInput))
    expect(raw.publicInputs).toEqual(scenario.batch2.publicInputs)
    expect(raw.tree.root()).toBe(scenario.batch2.newStateRoot)
  })
})

describe('valid batches prove and verify with the committed zkey', () => {
  for (const name of ['batch1', 'batch2'] as const) {
    it(`${name}: the proof's public signals are the executor's 23 public inputs, and no other vector verifies`, async () => {
      const result = scenario[name]
      expect(result.publicInputs).toHaveLength(PUBLIC_INPUTS)
      const { proof, publicSignals: signals, publicInputs } = await proveBatch(result.circuitInput, artifacts)
      expect(signals).toEqual(result.publicInputs.map(String))
      expect(publicInputs).toEqual(result.publicInputs)
      expect(await verifyBatchProof(proof, result.publicInputs)).toBe(true)
      // Changing any one public input — batchNumber included, which no constraint of the circuit
      // reads but the key binds — makes the same proof fail.
      for (let i = 0; i < PUBLIC_INPUTS; i++) {
        const other = [...result.publicInputs]
        other[i] = (other[i]! + 1n) % SNARK_SCALAR_FIELD
        expect(await verifyBatchProof(proof, other), `public input ${i} changed`).toBe(false)
      }
      // The L1 form swaps each G2 coordinate pair (the precompile wants imaginary first).
      const calldata = proofToSolidityCalldata(proof)
      expect(calldata.slice(2, 4)).toEqual([BigInt(proof.pi_b[0][1]), BigInt(proof.pi_b[0][0])])
    })
  }
})

describe('random valid batches: the circuit computes the executor’s public inputs', () => {
  // Witnesses only (no proving, to stay fast). The witness includes the constraints
  // newStateRoot === computed and exitRoot === computed and packed === tx[j], so computing it
  // succeeds only when the circuit reaches the executor's roots from the executor's slots; the
  // tampered variant shows the check is live for each batch.
  it('seed 0x1a17e5, 8 batches of 1–4 random slots', async () => {
    let batches = 0
    for await (const { result, before, items } of randomBatches({ seed: 0x1a17e5, batches: 8 })) {
      const wtns = await calculateWitness(result.circuitInput)
      expect(publicSignals(wtns, PUBLIC_INPUTS)).toEqual(result.publicInputs)
      const tampered = { ...result.circuitInput, newStateRoot: result.newStateRoot ^ 1n }
      expect((await witnessFailure(tampered)).template).toBe('Batch')
      // The executor and the rule-free model agree on every signal.
      const raw = buildRawBatch({
        tree: before,
        context: context(result.context.batchNumber, BigInt(result.context.feeAccountIndex)),
        slots: rawSlotsOf(items),
      })
      expect(normalizeInput(raw.input)).toEqual(normalizeInput(result.circuitInput))
      batches++
    }
    expect(batches).toBe(8)
  })
})
