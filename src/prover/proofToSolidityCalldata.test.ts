import * as snarkjs from 'snarkjs'
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
  it('is [A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]: z dropped, each G2 pair as (imaginary, real)', () => {
    expect(proofToSolidityCalldata(proof)).toEqual([11n, 12n, 22n, 21n, 24n, 23n, 31n, 32n])
  })

  it("is snarkjs's own Solidity calldata (exportSolidityCallData), flattened", async () => {
    const words = JSON.parse(`[${await snarkjs.groth16.exportSolidityCallData(proof, ['1'])}]`) as unknown[]
    const [a, b, c] = words as [string[], string[][], string[]]
    expect(proofToSolidityCalldata(proof)).toEqual([...a, ...b.flat(), ...c].map((hex) => BigInt(hex)))
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
