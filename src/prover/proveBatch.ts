import * as snarkjs from 'snarkjs'
import { ProofGenerationError } from './errors.js'
import { parseGroth16Proof } from './parseProof.js'
import type { BatchCircuitInput, Groth16Proof, ProverArtifacts } from './types.js'

export type ProveBatchParameters = {
  /** The witness input of PROTOCOL.md §7.3, as built by the protocol executor. */
  circuitInput: BatchCircuitInput
  artifacts: ProverArtifacts
}

export type ProveBatchReturnType = {
  proof: Groth16Proof
  /** `[publicInputHash]` as a decimal string: the circuit's only public signal. */
  publicSignals: readonly [string]
}

export type ProveBatchErrorType = ProofGenerationError

/**
 * Prove one batch with Groth16 (witness generation + proof, snarkjs `groth16.fullProve`).
 *
 * snarkjs builds the bn128 curve once (with its worker threads) and keeps it in
 * `globalThis.curve_bn128`; every later proof and verification reuses it. Call
 * `releaseCurve()` when done if the process must exit on its own.
 */
export async function proveBatch(
  circuitInput: ProveBatchParameters['circuitInput'],
  artifacts: ProveBatchParameters['artifacts'],
): Promise<ProveBatchReturnType> {
  let result: Awaited<ReturnType<typeof snarkjs.groth16.fullProve>>
  try {
    result = await snarkjs.groth16.fullProve(circuitInput, artifacts.wasm, artifacts.zkey)
  } catch (error) {
    throw new ProofGenerationError({ cause: error })
  }
  const [publicInputHash, ...rest] = result.publicSignals
  if (publicInputHash === undefined || rest.length !== 0) {
    throw new ProofGenerationError({
      cause: new Error(`expected exactly one public signal, got ${result.publicSignals.length}`),
    })
  }
  return { proof: parseGroth16Proof(result.proof), publicSignals: [publicInputHash] }
}
