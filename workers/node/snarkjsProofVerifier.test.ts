import { afterAll, describe, expect, it } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../../src/protocol/constants.js'
import { InvalidProofFormatError } from '../../src/prover/errors.js'
import { releaseCurve } from '../../src/prover/releaseCurve.js'
import { BATCH_VERIFICATION_KEY } from '../../src/prover/verificationKey.js'
import { proofFromWords, snarkjsProofVerifier } from './snarkjsProofVerifier.js'

afterAll(async () => {
  await releaseCurve()
})

const vk = BATCH_VERIFICATION_KEY
// Curve points from the key, as Solidity proof words: well formed, not a proof of anything.
const words = [vk.vk_alpha_1[0], vk.vk_alpha_1[1], vk.vk_beta_2[0]![1], vk.vk_beta_2[0]![0], vk.vk_beta_2[1]![1], vk.vk_beta_2[1]![0], vk.IC[0]![0], vk.IC[0]![1]].map((v) => BigInt(v!))

describe('proofFromWords', () => {
  it('maps the Solidity order [A, B.x1, B.x0, B.y1, B.y0, C] to snarkjs points', () => {
    const proof = proofFromWords([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n])
    expect(proof.pi_a).toEqual(['1', '2', '1'])
    expect(proof.pi_b).toEqual([['4', '3'], ['6', '5'], ['1', '0']])
    expect(proof.pi_c).toEqual(['7', '8', '1'])
  })

  it('refuses a coordinate ≥ q and a wrong word count', () => {
    expect(() => proofFromWords([...words.slice(0, 7), words[7]! + 21888242871839275222246405745257275088696311157297823662689037894645226208583n])).toThrow(InvalidProofFormatError)
    expect(() => proofFromWords(words.slice(0, 7))).toThrow(InvalidProofFormatError)
  })
})

describe('snarkjsProofVerifier', () => {
  it('refuses a public-input vector whose length is not the pinned key\'s', async () => {
    const verifier = snarkjsProofVerifier()
    await expect(verifier.verify({ proof: words, publicInputs: new Array(vk.nPublic + 1).fill(1n) })).rejects.toThrow(InvalidProofFormatError)
  })

  it('refuses a public input ≥ r', async () => {
    const inputs = new Array(vk.nPublic).fill(SNARK_SCALAR_FIELD)
    await expect(snarkjsProofVerifier().verify({ proof: words, publicInputs: inputs })).rejects.toThrow(InvalidProofFormatError)
  })

  it('returns false for well-formed points that are not a proof', async () => {
    expect(await snarkjsProofVerifier().verify({ proof: words, publicInputs: new Array(vk.nPublic).fill(5n) })).toBe(false)
  })
})
