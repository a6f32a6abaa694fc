import { InvalidProofFormatError } from './errors.js'
import { parseGroth16Proof } from './parseProof.js'
import type { SolidityProof } from './types.js'

/**
 * A proof as the `proof[8]` of `BatchProof` (PROTOCOL.md §8): `[A.x, A.y, B.x1, B.x0, B.y1,
 * B.y0, C.x, C.y]`, snarkjs's Solidity calldata order.
 *
 * The pairing precompile takes G2 coordinates as (imaginary, real), while snarkjs writes them
 * (real, imaginary): each pair of `pi_b` is swapped. The points must be affine (z = 1), which is
 * what snarkjs outputs.
 */
export function proofToSolidityCalldata(proof: unknown): SolidityProof {
  const { pi_a, pi_b, pi_c } = parseGroth16Proof(proof)
  if (pi_a[2] !== '1' || pi_c[2] !== '1' || pi_b[2][0] !== '1' || pi_b[2][1] !== '0') {
    throw new InvalidProofFormatError({ what: 'Groth16 proof', reason: 'points are not in affine form (z = 1)' })
  }
  return [
    BigInt(pi_a[0]),
    BigInt(pi_a[1]),
    BigInt(pi_b[0][1]),
    BigInt(pi_b[0][0]),
    BigInt(pi_b[1][1]),
    BigInt(pi_b[1][0]),
    BigInt(pi_c[0]),
    BigInt(pi_c[1]),
  ]
}
