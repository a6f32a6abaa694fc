import * as snarkjs from 'snarkjs'
import { ProofGenerationError } from './errors.js'
import { parseGroth16Proof } from './parseProof.js'
import type { BatchCircuitInput, Groth16Proof, Groth16VerificationKey, ProverArtifacts } from './types.js'
import { BATCH_VERIFICATION_KEY } from './verificationKey.js'

export type ProveBatchParameters = {
  /** The witness input of PROTOCOL.md §7.3, as built by the protocol executor. */
  circuitInput: BatchCircuitInput
  artifacts: ProverArtifacts
  /** The key the proof is for (default: the pinned one); only its `nPublic` is read here. */
  verificationKey?: Pick<Groth16VerificationKey, 'nPublic'>
}

export type ProveBatchReturnType = {
  proof: Groth16Proof
  /** The public signals as snarkjs returns them (decimal strings): the §7.1 vector, `nPublic` of them. */
  publicSignals: readonly string[]
  /** The same vector as bigints, ready for `verifyBatchProof` and the contract. */
  publicInputs: readonly bigint[]
}

export type ProveBatchErrorType = ProofGenerationError

/**
 * Prove one batch with Groth16 (witness generation + proof, snarkjs `groth16.fullProve`).
 * Throws ProofGenerationError when the witness breaks a constraint, or when the circuit's public
 * signals are not the key's `nPublic` (artifacts of another circuit).
 *
 * snarkjs builds the bn128 curve once (with its worker threads) and keeps it in
 * `globalThis.curve_bn128`; every later proof and verification reuses it. Call
 * `releaseCurve()` when done if the process must exit on its own.
 */
export async function proveBatch(
  circuitInput: ProveBatchParameters['circuitInput'],
  artifacts: ProveBatchParameters['artifacts'],
  verificationKey: ProveBatchParameters['verificationKey'] = BATCH_VERIFICATION_KEY,
): Promise<ProveBatchReturnType> {
  let result: Awaited<ReturnType<typeof snarkjs.groth16.fullProve>>
  try {
    result = await snarkjs.groth16.fullProve(circuitInput, artifacts.wasm, artifacts.zkey)
  } catch (error) {
    throw new ProofGenerationError({ cause: error })
  }
  if (result.publicSignals.length !== verificationKey.nPublic) {
    throw new ProofGenerationError({
      cause: new Error(`expected ${verificationKey.nPublic} public signals (the key's nPublic), got ${result.publicSignals.length}`),
    })
  }
  const publicSignals = [...result.publicSignals]
  return { proof: parseGroth16Proof(result.proof), publicSignals, publicInputs: publicSignals.map((s) => BigInt(s)) }
}
