/**
 * The seam between the node and Groth16 verification: the node computes every public input
 * itself and hands the verifier the proof words from L1 calldata. Any backend (snarkjs, a
 * faster point-validating pairing library, a verifier worker) plugs in here.
 */

/** One proof to check: L1's proof words (Solidity order, §8) and the public inputs of §7.1. */
export type ProofCheck = {
  /** `[A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]`. */
  proof: readonly bigint[]
  publicInputs: readonly bigint[]
}

/** A Groth16 verifier for batch proofs. */
export interface ProofVerifier {
  /** Whether one proof verifies for these public inputs (false for a well-formed proof that does not). */
  verify(check: ProofCheck): Promise<boolean>
  /**
   * Whether every proof verifies, checked at once (e.g. a random linear combination, §7.4).
   * Optional: without it the node verifies them one by one.
   */
  verifyAll?(checks: readonly ProofCheck[]): Promise<boolean>
}
