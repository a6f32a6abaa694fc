import type { Groth16VerificationKey } from '../../src/prover/types.js'
import { BATCH_VERIFICATION_KEY } from '../../src/prover/verificationKey.js'
import { verifyGroth16 } from '../../src/prover/verifyGroth16.js'
import { verifyGroth16Batch } from '../../src/prover/verifyGroth16Batch.js'
import type { ProofCheck, ProofVerifier } from './proofVerifier.js'
import { proofFromWords } from './snarkjsProofVerifier.js'

/**
 * The node's verifier: `src/prover`'s strict Groth16 verifier with the key pinned in the build
 * (every point validated: coordinates < q, on the curve, B in G2's subgroup; inputs < r and as
 * many as the key takes), and `verifyAll` by a random linear combination over k proofs (one
 * `verifyBatches` call's, or several calls' while catching up): k + 3 Miller loops instead of 3k.
 */
export function strictProofVerifier(verificationKey: Groth16VerificationKey = BATCH_VERIFICATION_KEY): ProofVerifier {
  return {
    verify: ({ proof, publicInputs }: ProofCheck) => verifyGroth16(verificationKey, publicInputs, proofFromWords(proof)),
    verifyAll: (checks: readonly ProofCheck[]) =>
      verifyGroth16Batch(
        verificationKey,
        checks.map(({ proof, publicInputs }) => ({ proof: proofFromWords(proof), publicSignals: publicInputs })),
      ),
  }
}
