import { InvalidProofFormatError } from '../../src/prover/errors.js'
import { parseGroth16Proof } from '../../src/prover/parseProof.js'
import type { Groth16VerificationKey } from '../../src/prover/types.js'
import { BATCH_VERIFICATION_KEY } from '../../src/prover/verificationKey.js'
import { verifyBatchProof } from '../../src/prover/verifyBatchProof.js'
import type { ProofCheck, ProofVerifier } from './proofVerifier.js'

/**
 * The Solidity proof words (§8: `[A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]`) as a snarkjs
 * proof (affine, z = 1; G2 coordinates re-ordered to snarkjs's `[x0, x1]`). Coordinates must be
 * < q (parseGroth16Proof), else InvalidProofFormatError.
 */
export function proofFromWords(words: readonly bigint[]): ReturnType<typeof parseGroth16Proof> {
  if (words.length !== 8) throw new InvalidProofFormatError({ what: 'Groth16 proof', reason: `expected 8 words, got ${words.length}` })
  const [ax, ay, bx1, bx0, by1, by0, cx, cy] = words.map((word) => word.toString())
  return parseGroth16Proof({
    pi_a: [ax, ay, '1'],
    pi_b: [[bx0, bx1], [by0, by1], ['1', '0']],
    pi_c: [cx, cy, '1'],
    protocol: 'groth16',
    curve: 'bn128',
  })
}

/**
 * The default verifier: `src/prover`'s `verifyBatchProof` (snarkjs) with the verification key
 * pinned in the build. It refuses a vector whose length is not the key's, a public input ≥ r and
 * a coordinate ≥ q (InvalidProofFormatError). snarkjs itself does not check that G2 points are
 * in the subgroup; a point-validating backend replaces this one through the ProofVerifier seam.
 */
export function snarkjsProofVerifier(verificationKey: Groth16VerificationKey = BATCH_VERIFICATION_KEY): ProofVerifier {
  return {
    verify: ({ proof, publicInputs }: ProofCheck) => verifyBatchProof(proofFromWords(proof), publicInputs, verificationKey),
  }
}
