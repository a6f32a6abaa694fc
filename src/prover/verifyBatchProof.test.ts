// Verification with real proofs is tested in circuits/batch.test.ts (it needs a ~15 s proof);
// here: input validation, and that a well-formed proof made of valid curve points that is not
// a proof of anything is refused.
import { afterAll, describe, expect, it } from 'vitest'
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

afterAll(async () => {
  await releaseCurve()
})

describe('verifyBatchProof', () => {
  it('returns false for a well-formed proof that does not verify', async () => {
    expect(await verifyBatchProof(notAProof, 12345n)).toBe(false)
  })

  it('throws InvalidProofFormatError for something that is not a proof', async () => {
    await expect(verifyBatchProof({ ...notAProof, pi_a: ['x'] }, 1n)).rejects.toThrow(InvalidProofFormatError)
  })

  it('throws for a public input outside the field', async () => {
    await expect(verifyBatchProof(notAProof, SNARK_SCALAR_FIELD)).rejects.toThrow(InvalidProofFormatError)
    await expect(verifyBatchProof(notAProof, -1n)).rejects.toThrow(InvalidProofFormatError)
  })

  it('refuses a verification key that does not have exactly one public input', async () => {
    const twoInputs = { ...vk, nPublic: 2, IC: [...vk.IC, vk.IC[1]!] }
    await expect(verifyBatchProof(notAProof, 1n, twoInputs)).rejects.toThrow(InvalidProofFormatError)
  })
})
