import type { WasmBn128 } from 'ffjavascript'
import { InvalidProofFormatError } from './errors.js'
import { g2Lines } from './g2Lines.js'
import { toG1, toG2 } from './groth16Points.js'
import { loadBn254 } from './loadBn254.js'
import type { Groth16VerificationKey } from './types.js'

/** A verification key checked and turned into what the pairing needs, once per key and thread. */
export type PreparedVerificationKey = {
  readonly curve: WasmBn128
  readonly nPublic: number
  /** IC₀ … IC_n as affine points, concatenated (the multi-exponentiation's bases). */
  readonly ic: Uint8Array
  readonly alpha: Uint8Array
  /** β, γ and δ with their Miller-loop line coefficients precomputed. */
  readonly betaLines: Uint8Array
  readonly gammaLines: Uint8Array
  readonly deltaLines: Uint8Array
  /** The Miller loop of e(α, β) before the final exponentiation: constant for the key. */
  readonly alphaBetaMiller: Uint8Array
}

const prepared = new WeakMap<Groth16VerificationKey, Promise<PreparedVerificationKey>>()

async function prepare(key: Groth16VerificationKey): Promise<PreparedVerificationKey> {
  const what = 'verification key'
  if (key.protocol !== 'groth16' || key.curve !== 'bn128') {
    throw new InvalidProofFormatError({ what, reason: `expected a groth16 key over bn128, got ${String(key.protocol)} over ${String(key.curve)}` })
  }
  // The number of public inputs comes from the key alone; it must agree with the IC points.
  if (!Number.isInteger(key.nPublic) || key.nPublic < 0 || !Array.isArray(key.IC) || key.IC.length !== key.nPublic + 1) {
    throw new InvalidProofFormatError({ what, reason: `nPublic is ${key.nPublic} but IC has ${key.IC?.length} points` })
  }
  const curve = await loadBn254()
  const ic = new Uint8Array(64 * key.IC.length)
  key.IC.forEach((point, i) => ic.set(toG1(curve, point, what, `IC[${i}]`), 64 * i))
  const alpha = toG1(curve, key.vk_alpha_1, what, 'vk_alpha_1')
  const lines = (point: unknown, where: string) => g2Lines(curve, toG2(curve, point, what, where), what, where)
  const betaLines = lines(key.vk_beta_2, 'vk_beta_2')
  return {
    curve,
    nPublic: key.nPublic,
    ic,
    alpha,
    betaLines,
    gammaLines: lines(key.vk_gamma_2, 'vk_gamma_2'),
    deltaLines: lines(key.vk_delta_2, 'vk_delta_2'),
    alphaBetaMiller: curve.millerLoop(curve.prepareG1(curve.G1.toJacobian(alpha)), betaLines),
  }
}

/**
 * Check a Groth16 verification key (shape, every point canonical, on its curve, G2 points in
 * the subgroup, IC length = nPublic + 1) and precompute what every verification with it
 * reuses. Memoised per key object, so a worker pays this once; a rejected key is not cached.
 */
export function prepareVerificationKey(key: Groth16VerificationKey): Promise<PreparedVerificationKey> {
  let entry = prepared.get(key)
  if (!entry) {
    entry = prepare(key)
    prepared.set(key, entry)
    entry.catch(() => prepared.delete(key))
  }
  return entry
}
