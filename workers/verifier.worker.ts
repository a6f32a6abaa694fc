/// <reference lib="webworker" />
/**
 * The verifier worker: strict Groth16 verification of batch proofs with the key pinned in the
 * build (one proof, or a whole verifyBatches call by random linear combination), kept off the
 * node worker so the pairing and the curve set-up never block sync.
 */
import { expose } from 'comlink'
import { registerErrorTransfer } from './node/errorTransfer.js'
import type { ProofCheck } from './node/proofVerifier.js'
import { strictProofVerifier } from './node/strictProofVerifier.js'
import { prepareVerificationKey } from '../src/prover/prepareVerificationKey.js'
import { BATCH_VERIFICATION_KEY } from '../src/prover/verificationKey.js'

registerErrorTransfer()
const verifier = strictProofVerifier()
// Build the curve and prepare the pinned key at once, while the node reads L1 and re-executes:
// the first check then pays none of it. A failure here is not cached and shows on that check.
void prepareVerificationKey(BATCH_VERIFICATION_KEY).catch(() => undefined)
expose({ verify: (check: ProofCheck) => verifier.verify(check), verifyAll: (checks: ProofCheck[]) => verifier.verifyAll!(checks) })
