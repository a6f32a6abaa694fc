// One real proof with the committed artifacts (circuits/artifacts): the prover's public signals
// are exactly the executor's §7.1 vector, the pinned key verifies them, and changing any one
// input (a root, a slot, a priority op's address) makes verification fail.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BATCH_SLOTS, PUBLIC_INPUTS } from '../protocol/constants.js'
import { loadCrypto } from '../protocol/crypto/loadCrypto.js'
import { executeBatch } from '../protocol/executor/executeBatch.js'
import type { BatchResult } from '../protocol/executor/types.js'
import { MemoryStore } from '../protocol/store/memoryStore.js'
import { context, deposit, signed, transfer, withdraw } from '../protocol/testing/fixtures.js'
import { BN254_BASE_FIELD } from './parseProof.js'
import { proofToSolidityCalldata } from './proofToSolidityCalldata.js'
import { type ProveBatchReturnType, type ProveProgress, proveBatch } from './proveBatch.js'
import { releaseCurve } from './releaseCurve.js'
import { BATCH_VERIFICATION_KEY } from './verificationKey.js'
import { verifyBatchProof } from './verifyBatchProof.js'

const artifact = (name: string) => fileURLToPath(new URL(`../../circuits/artifacts/${name}`, import.meta.url))
const ARTIFACTS = { wasm: artifact('batch.wasm'), zkey: artifact('batch.zkey') }

let batch: BatchResult
let proved: ProveBatchReturnType
const progress: ProveProgress[] = []

beforeAll(async () => {
  await loadCrypto()
  const store = new MemoryStore()
  await executeBatch(store, context(1n), [deposit(1, 1000n, 1), deposit(2, 1000n, 2)].map((op) => ({ kind: 'priority' as const, op })))
  batch = await executeBatch(store, context(2n), [
    { kind: 'l2', tx: signed(transfer(1, 2, 10n, 1n, 0n), 1) },
    { kind: 'priority', op: deposit(3, 77n, 3) },
    { kind: 'l2', tx: signed(withdraw(2, 5n, 2n, 0n), 2) },
  ])
  proved = await proveBatch(batch.circuitInput, ARTIFACTS, BATCH_VERIFICATION_KEY, { onProgress: (p) => progress.push(p) })
}, 600_000)

afterAll(async () => {
  await releaseCurve()
})

describe('proveBatch + verifyBatchProof with the committed artifacts', () => {
  it("returns the key's nPublic signals, equal to the executor's public inputs", () => {
    expect(BATCH_VERIFICATION_KEY.nPublic).toBe(PUBLIC_INPUTS)
    expect(proved.publicInputs).toEqual(batch.publicInputs)
    expect(proved.publicSignals).toEqual(batch.publicInputs.map(String))
  })

  it('reports the witness, then every proving step once, in order, with a rising fraction ending at 1', () => {
    expect(progress[0]).toEqual({ phase: 'witness' })
    const steps = progress.slice(1).map((p) => (p.phase === 'prove' ? p.step : p.phase))
    expect(steps).toEqual([
      'reading the witness',
      'building A, B, C',
      'FFTs',
      'joining A, B, C',
      'multi-exponentiation A',
      'multi-exponentiation B1',
      'multi-exponentiation B2 (G2)',
      'multi-exponentiation C',
      'multi-exponentiation H',
      'done',
    ])
    const fractions = progress.flatMap((p) => (p.phase === 'prove' ? [p.fraction] : []))
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b))
    expect(fractions.at(-1)).toBe(1)
  })

  it('verifies against the pinned key, and fails when any one input changes', async () => {
    expect(await verifyBatchProof(proved.proof, batch.publicInputs)).toBe(true)
    for (const index of [0, 2, 3, 4, 5, 6, 7, 7 + BATCH_SLOTS + 1, 7 + 2 * BATCH_SLOTS + 1, PUBLIC_INPUTS - 1]) {
      const altered = [...batch.publicInputs]
      altered[index] = altered[index]! + 1n
      expect(await verifyBatchProof(proved.proof, altered), `input ${index}`).toBe(false)
    }
  })

  it('encodes the proof as the 8 contract words, each below q', () => {
    const words = proofToSolidityCalldata(proved.proof)
    expect(words).toHaveLength(8)
    for (const word of words) expect(word < BN254_BASE_FIELD).toBe(true)
    expect(words[0]).toBe(BigInt(proved.proof.pi_a[0]))
    expect(words[2]).toBe(BigInt(proved.proof.pi_b[0][1]))
  })
})
