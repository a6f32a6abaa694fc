/**
 * Lantern batch prover: Groth16 proofs of the batch circuit (circuits/batch.circom) with
 * snarkjs, their verification against the pinned key, and their Solidity encoding.
 * Runs in Node and in browser workers.
 */
export { proveBatch } from './proveBatch.js'
export type { ProveBatchErrorType, ProveBatchParameters, ProveBatchReturnType } from './proveBatch.js'
export { verifyBatchProof } from './verifyBatchProof.js'
export type { VerifyBatchProofErrorType } from './verifyBatchProof.js'
export { proofToSolidityCalldata } from './proofToSolidityCalldata.js'
export { parseGroth16Proof, BN254_BASE_FIELD } from './parseProof.js'
export { releaseCurve } from './releaseCurve.js'
export { BATCH_VERIFICATION_KEY } from './verificationKey.js'
export { InvalidProofFormatError, ProofGenerationError } from './errors.js'
export type {
  BatchCircuitInput,
  Groth16Proof,
  Groth16VerificationKey,
  ProverArtifacts,
  SignalValue,
  SolidityProof,
} from './types.js'
