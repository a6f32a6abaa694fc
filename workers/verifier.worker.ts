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

registerErrorTransfer()
const verifier = strictProofVerifier()
expose({ verify: (check: ProofCheck) => verifier.verify(check), verifyAll: (checks: ProofCheck[]) => verifier.verifyAll!(checks) })
