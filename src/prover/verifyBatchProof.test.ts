// Verification with real proofs is tested in proveBatch.test.ts and circuits/; here: input
// validation, and that a well-formed proof made of valid curve points that is not a proof of
// anything is refused.
import { afterAll, describe, expect, it, vi } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { InvalidProofFormatError } from './errors.js'
import { releaseCurve } from './releaseCurve.js'
import { BATCH_VERIFICATION_KEY } from './verificationKey.js'
import { verifyBatchProof } from './verifyBatchProof.js'

const vk = BATCH_VERIFICATION_KEY
// Points on the curve (taken from the key), arranged as a proof: well formed, but not valid.
const notAProof = {
  pi_a: [...vk.vk_alpha_1],
  pi_b: vk.vk_beta_2.map((pair) => [...pair]),
  pi_c: [...vk.IC[0]!],
  protocol: 'groth16',
  curve: 'bn128',
}
const inputs = (n: number = vk.nPublic): bigint[] => Array.from({ length: n }, (_, i) => BigInt(i + 1))

afterAll(async () => {
  await releaseCurve()
})

describe('verifyBatchProof', () => {
  it('verifications that start together share one curve: releasing it leaves no worker thread behind', async () => {
    await releaseCurve()
    const threads = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length
    const before = threads()
    expect(await Promise.all([1, 2, 3, 4].map(() => verifyBatchProof(notAProof, inputs())))).toEqual([false, false, false, false])
    expect(threads()).toBeGreaterThan(before)
    await releaseCurve()
    await vi.waitFor(() => expect(threads()).toBe(before))
  })

  it('returns false for a well-formed proof that does not verify', async () => {
    expect(await verifyBatchProof(notAProof, inputs())).toBe(false)
  })

  it('throws InvalidProofFormatError for something that is not a proof', async () => {
    await expect(verifyBatchProof({ ...notAProof, pi_a: ['x'] }, inputs())).rejects.toThrow(InvalidProofFormatError)
  })

  it('throws for a vector that is not nPublic long (snarkjs would fold a prefix of the key)', async () => {
    await expect(verifyBatchProof(notAProof, inputs(vk.nPublic - 1))).rejects.toThrow(InvalidProofFormatError)
    await expect(verifyBatchProof(notAProof, inputs(vk.nPublic + 1))).rejects.toThrow(InvalidProofFormatError)
    await expect(verifyBatchProof(notAProof, [])).rejects.toThrow(InvalidProofFormatError)
  })

  it('throws for any public input outside the field', async () => {
    for (const index of [0, vk.nPublic - 1]) {
      for (const bad of [SNARK_SCALAR_FIELD, -1n]) {
        const vector = inputs()
        vector[index] = bad
        await expect(verifyBatchProof(notAProof, vector)).rejects.toThrow(InvalidProofFormatError)
      }
    }
  })

  it('refuses a verification key whose IC does not have nPublic + 1 points', async () => {
    const extraPoint = { ...vk, IC: [...vk.IC, vk.IC[1]!] }
    await expect(verifyBatchProof(notAProof, inputs(), extraPoint)).rejects.toThrow(InvalidProofFormatError)
    const lying = { ...vk, nPublic: vk.nPublic + 1 }
    await expect(verifyBatchProof(notAProof, inputs(vk.nPublic + 1), lying)).rejects.toThrow(InvalidProofFormatError)
  })
})
