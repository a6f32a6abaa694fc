/** Types of the batch prover: snarkjs's Groth16 JSON shapes, made explicit. */

/** A Groth16 proof as snarkjs produces it: projective coordinates as decimal strings. */
export type Groth16Proof = {
  pi_a: readonly [string, string, string]
  pi_b: readonly [readonly [string, string], readonly [string, string], readonly [string, string]]
  pi_c: readonly [string, string, string]
  protocol: 'groth16'
  curve: 'bn128'
}

/** A Groth16 verification key as `snarkjs zkey export verificationkey` writes it. */
export type Groth16VerificationKey = {
  readonly protocol: 'groth16'
  readonly curve: 'bn128'
  readonly nPublic: number
  readonly vk_alpha_1: readonly string[]
  readonly vk_beta_2: readonly (readonly string[])[]
  readonly vk_gamma_2: readonly (readonly string[])[]
  readonly vk_delta_2: readonly (readonly string[])[]
  readonly vk_alphabeta_12: readonly (readonly (readonly string[])[])[]
  readonly IC: readonly (readonly string[])[]
}

/** A circuit input signal value: one field element, or a (nested) array of them. */
export type SignalValue = bigint | string | number | readonly SignalValue[]

/** Witness input of the batch circuit: the signals of PROTOCOL.md §7.3 by name. */
export type BatchCircuitInput = Readonly<Record<string, SignalValue>>

/**
 * The witness generator and proving key. In Node, file paths; in a browser, URLs (snarkjs
 * fetches them) or the bytes themselves (for instance from a Cache Storage entry).
 */
export type ProverArtifacts = {
  wasm: string | Uint8Array
  zkey: string | Uint8Array
}

/** A proof as the contract takes it: `[A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]` (PROTOCOL.md §8). */
export type SolidityProof = readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]
