/// <reference lib="webworker" />
/**
 * The verifier worker: Groth16 verification of batch proofs with the key pinned in the build,
 * kept off the node worker so the pairing and snarkjs's curve set-up never block sync.
 */
import { expose } from 'comlink'
import { registerErrorTransfer } from './node/errorTransfer.js'
import type { ProofCheck } from './node/proofVerifier.js'
import { snarkjsProofVerifier } from './node/snarkjsProofVerifier.js'

registerErrorTransfer()
const verifier = snarkjsProofVerifier()
expose({ verify: (check: ProofCheck) => verifier.verify(check) })
