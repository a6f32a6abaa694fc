import { InvalidProofFormatError } from './errors.js'
import { g2Lines } from './g2Lines.js'
import { scalarBytes, toG1, toG2, toPublicSignal } from './groth16Points.js'
import { millerLoopMulti } from './millerLoopMulti.js'
import { multiExpG1 } from './multiExpG1.js'
import { type PreparedVerificationKey, prepareVerificationKey } from './prepareVerificationKey.js'
import type { Groth16VerificationKey } from './types.js'

export type VerifyGroth16ErrorType = InvalidProofFormatError

/** A proof's points, validated and encoded for the pairing (B as its Miller-loop lines). */
export type CheckedProof = { a: Uint8Array; bLines: Uint8Array; c: Uint8Array }

/** Validate a snarkjs-JSON Groth16 proof's points (see groth16Points.ts); throws InvalidProofFormatError. */
export function checkProof(key: PreparedVerificationKey, proof: unknown, what = 'Groth16 proof'): CheckedProof {
  if (typeof proof !== 'object' || proof === null) throw new InvalidProofFormatError({ what, reason: 'not an object' })
  const p = proof as Record<string, unknown>
  if (p.protocol !== undefined && p.protocol !== 'groth16') throw new InvalidProofFormatError({ what, reason: `protocol is ${String(p.protocol)}` })
  if (p.curve !== undefined && p.curve !== 'bn128') throw new InvalidProofFormatError({ what, reason: `curve is ${String(p.curve)}` })
  return {
    a: toG1(key.curve, p.pi_a, what, 'pi_a'),
    bLines: g2Lines(key.curve, toG2(key.curve, p.pi_b, what, 'pi_b'), what, 'pi_b'),
    c: toG1(key.curve, p.pi_c, what, 'pi_c'),
  }
}

/** Public signals checked against the key: exactly nPublic of them, each below r. */
export function checkPublicSignals(key: PreparedVerificationKey, publicSignals: readonly unknown[]): bigint[] {
  if (!Array.isArray(publicSignals) || publicSignals.length !== key.nPublic) {
    throw new InvalidProofFormatError({
      what: 'public signals',
      reason: `the key takes ${key.nPublic} public signals, got ${Array.isArray(publicSignals) ? publicSignals.length : 'none'}`,
    })
  }
  return publicSignals.map((s, i) => toPublicSignal(s, i))
}

/**
 * Verify a Groth16 proof over BN254 against a verification key, in the calling thread.
 *
 * Everything untrusted is validated first (proof points canonical, on the curve, B in G2's
 * subgroup; exactly `key.nPublic` public signals, each < r) and a violation throws
 * `InvalidProofFormatError`; a well-formed proof that fails the pairing check returns false.
 * The check is e(−A, B) · e(α, β) · e(vk_x, γ) · e(C, δ) = 1 with vk_x = IC₀ + Σ xᵢ·ICᵢ: one
 * multi-Miller loop (shared squarings) and one final exponentiation; e(α, β)'s Miller loop and
 * γ/δ's line coefficients come from the prepared key (`prepareVerificationKey`, once per key
 * and thread).
 */
export async function verifyGroth16(
  verificationKey: Groth16VerificationKey,
  publicSignals: readonly (bigint | string)[],
  proof: unknown,
): Promise<boolean> {
  const key = await prepareVerificationKey(verificationKey)
  const signals = checkPublicSignals(key, publicSignals)
  const { a, bLines, c } = checkProof(key, proof)
  const { curve } = key
  const vkX = multiExpG1(curve, key.ic, scalarBytes([1n, ...signals]))
  const f = millerLoopMulti(curve, [
    [curve.prepareG1(curve.G1.toJacobian(curve.G1.neg(a))), bLines],
    [curve.prepareG1(vkX), key.gammaLines],
    [curve.prepareG1(curve.G1.toJacobian(c)), key.deltaLines],
  ])
  return curve.Gt.eq(curve.finalExponentiation(curve.Gt.mul(f, key.alphaBetaMiller)), curve.Gt.one)
}
