import * as snarkjs from 'snarkjs'
import { ProofGenerationError } from './errors.js'
import { parseGroth16Proof } from './parseProof.js'
import type { BatchCircuitInput, Groth16Proof, Groth16VerificationKey, ProverArtifacts } from './types.js'
import { BATCH_VERIFICATION_KEY } from './verificationKey.js'
import { snarkjsCurveReady } from './snarkjsCurve.js'

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

/** Where a proof is: computing the witness, then snarkjs's steps (FFTs, then five multi-exponentiations). */
export type ProveProgress = { phase: 'witness' } | { phase: 'prove'; step: string; fraction: number }

export type ProveBatchOptions = {
  /** Called at each step; `fraction` is the share of proving time done, as measured on the batch circuit. */
  onProgress?: (progress: ProveProgress) => void
}

// Share of groth16.prove's time spent before each step starts, measured on the batch circuit
// (Node and Chromium agree within a few percent): the five multi-exponentiations dominate, and
// the G2 one (B2) costs about three times a G1 one.
const PROVE_STEPS: readonly (readonly [RegExp, string, number])[] = [
  [/^Reading Wtns/, 'reading the witness', 0],
  [/^Building ABC/, 'building A, B, C', 0.02],
  [/^IFFT_A/, 'FFTs', 0.05],
  [/^Join ABC/, 'joining A, B, C', 0.17],
  [/^Multiexp start: multiexp A:/, 'multi-exponentiation A', 0.18],
  [/^Multiexp start: multiexp B1:/, 'multi-exponentiation B1', 0.27],
  [/^Multiexp start: multiexp B2:/, 'multi-exponentiation B2 (G2)', 0.37],
  [/^Multiexp start: multiexp C:/, 'multi-exponentiation C', 0.64],
  [/^Multiexp start: multiexp H:/, 'multi-exponentiation H', 0.82],
]

function progressLogger(onProgress: NonNullable<ProveBatchOptions['onProgress']>) {
  let reached = -1
  const debug = (message: string) => {
    const index = PROVE_STEPS.findIndex(([pattern]) => pattern.test(message))
    // FFT messages repeat many times: report each step once, in order.
    if (index <= reached) return
    reached = index
    const [, step, fraction] = PROVE_STEPS[index]!
    onProgress({ phase: 'prove', step, fraction })
  }
  const ignore = () => {}
  return { debug, info: ignore, warn: ignore, error: ignore }
}

/**
 * Prove one batch with Groth16: the witness (snarkjs `wtns.calculate`, in memory), then the proof
 * (`groth16.prove`), reporting each phase to `options.onProgress`.
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
  options: ProveBatchOptions = {},
): Promise<ProveBatchReturnType> {
  const { onProgress } = options
  let result: Awaited<ReturnType<typeof snarkjs.groth16.prove>>
  try {
    onProgress?.({ phase: 'witness' })
    const witness = { type: 'mem' as const }
    await snarkjs.wtns.calculate(circuitInput, artifacts.wasm, witness)
    await snarkjsCurveReady()
    result = await snarkjs.groth16.prove(artifacts.zkey, witness, onProgress === undefined ? undefined : progressLogger(onProgress))
  } catch (error) {
    throw new ProofGenerationError({ cause: error })
  }
  if (result.publicSignals.length !== verificationKey.nPublic) {
    throw new ProofGenerationError({
      cause: new Error(`expected ${verificationKey.nPublic} public signals (the key's nPublic), got ${result.publicSignals.length}`),
    })
  }
  onProgress?.({ phase: 'prove', step: 'done', fraction: 1 })
  const publicSignals = [...result.publicSignals]
  return { proof: parseGroth16Proof(result.proof), publicSignals, publicInputs: publicSignals.map((s) => BigInt(s)) }
}
