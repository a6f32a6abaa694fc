/**
 * Lantern batch prover: Groth16 proofs of the batch circuit (circuits/batch.circom) with
 * snarkjs, their verification against the pinned key, and their Solidity encoding.
 * `verifyGroth16` / `verifyGroth16Batch` are the strict, fast verifiers (every point and input
 * validated; ffjavascript's single-threaded WASM pairing) for the light node.
 * Runs in Node and in browser workers.
 */
export { proveBatch } from './proveBatch.js'
export type { ProveBatchErrorType, ProveBatchParameters, ProveBatchReturnType } from './proveBatch.js'
export { verifyBatchProof } from './verifyBatchProof.js'
export type { VerifyBatchProofErrorType } from './verifyBatchProof.js'
export { verifyGroth16 } from './verifyGroth16.js'
export type { VerifyGroth16ErrorType } from './verifyGroth16.js'
export { verifyGroth16Batch } from './verifyGroth16Batch.js'
export type { Groth16BatchItem } from './verifyGroth16Batch.js'
export { prepareVerificationKey } from './prepareVerificationKey.js'
export type { PreparedVerificationKey } from './prepareVerificationKey.js'
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
