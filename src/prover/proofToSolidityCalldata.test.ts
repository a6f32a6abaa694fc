import { describe, expect, it } from 'vitest'
import { InvalidProofFormatError } from './errors.js'
import { proofToSolidityCalldata } from './proofToSolidityCalldata.js'

const proof = {
  pi_a: ['11', '12', '1'],
  pi_b: [['21', '22'], ['23', '24'], ['1', '0']],
  pi_c: ['31', '32', '1'],
  protocol: 'groth16',
  curve: 'bn128',
}

describe('proofToSolidityCalldata', () => {
  it('drops z and swaps each G2 coordinate pair to (imaginary, real)', () => {
    expect(proofToSolidityCalldata(proof)).toEqual({
      a: [11n, 12n],
      b: [[22n, 21n], [24n, 23n]],
      c: [31n, 32n],
    })
  })

  it('rejects points that are not affine', () => {
    expect(() => proofToSolidityCalldata({ ...proof, pi_a: ['11', '12', '2'] })).toThrow(InvalidProofFormatError)
    expect(() => proofToSolidityCalldata({ ...proof, pi_b: [['21', '22'], ['23', '24'], ['1', '1']] })).toThrow(
      InvalidProofFormatError,
    )
  })

  it('rejects malformed proofs', () => {
    expect(() => proofToSolidityCalldata({ ...proof, protocol: 'plonk' })).toThrow(InvalidProofFormatError)
  })
})
