import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { InvalidProofFormatError } from './errors.js'
import { scalarBytes } from './groth16Points.js'
import { millerLoopMulti } from './millerLoopMulti.js'
import { multiExpG1 } from './multiExpG1.js'
import { prepareVerificationKey } from './prepareVerificationKey.js'
import type { Groth16VerificationKey } from './types.js'
import { checkProof, checkPublicSignals } from './verifyGroth16.js'

/** One proof of a batch and the public signals it claims. */
export type Groth16BatchItem = { proof: unknown; publicSignals: readonly (bigint | string)[] }

/** Weight size: a forged batch passes with probability ≈ 2^-128 per attempt. */
const WEIGHT_BYTES = 16

/** Non-zero 128-bit weights from the platform CSPRNG (Web Crypto, in workers and Node alike). */
function randomWeights(count: number): bigint[] {
  const bytes = new Uint8Array(WEIGHT_BYTES * count)
  crypto.getRandomValues(bytes)
  return Array.from({ length: count }, (_, i) => {
    let w = 0n
    for (let j = 0; j < WEIGHT_BYTES; j++) w = (w << 8n) | BigInt(bytes[WEIGHT_BYTES * i + j]!)
    return w === 0n ? 1n : w
  })
}

/**
 * Verify many Groth16 proofs for one key at once, by a random linear combination: with fresh
 * secret weights rᵢ (128-bit, CSPRNG — never derived from the proofs, so a prover cannot grind
 * them), all proofs are valid iff, except with probability ≈ 2^-128,
 *
 *   ∏ᵢ e(−rᵢ·Aᵢ, Bᵢ) · e((Σrᵢ)·α, β) · e(Σᵢ rᵢ·vk_xᵢ, γ) · e(Σ rᵢ·Cᵢ, δ) = 1
 *
 * — k + 3 Miller loops (run as one multi-Miller loop: the Fp12 squarings are shared) and one
 * final exponentiation, instead of 3k Miller loops and k final exponentiations. Σᵢ rᵢ·vk_xᵢ is folded into one multi-exponentiation over the IC
 * points (scalar Σᵢ rᵢ·xᵢⱼ per input), so many public inputs cost little per proof.
 *
 * Every proof and signal is validated as by `verifyGroth16` (a malformed item throws
 * `InvalidProofFormatError` naming its index). Returns false if any proof is invalid, without
 * saying which: verify them one by one to find it. An empty batch is vacuously valid.
 */
export async function verifyGroth16Batch(
  verificationKey: Groth16VerificationKey,
  items: readonly Groth16BatchItem[],
): Promise<boolean> {
  const key = await prepareVerificationKey(verificationKey)
  const checked = items.map((item, i) => {
    try {
      return { ...checkProof(key, item.proof), signals: checkPublicSignals(key, item.publicSignals) }
    } catch (error) {
      if (error instanceof InvalidProofFormatError) {
        throw new InvalidProofFormatError({ what: `proof ${i} of the batch`, reason: error.shortMessage })
      }
      throw error
    }
  })
  if (checked.length === 0) return true
  const { curve } = key
  const weights = randomWeights(checked.length)
  const r = SNARK_SCALAR_FIELD
  // Σᵢ rᵢ·vk_xᵢ = (Σᵢ rᵢ)·IC₀ + Σⱼ (Σᵢ rᵢ·xᵢⱼ)·ICⱼ
  const icScalars = new Array<bigint>(key.nPublic + 1).fill(0n)
  checked.forEach(({ signals }, i) => {
    const w = weights[i]!
    icScalars[0] = (icScalars[0]! + w) % r
    signals.forEach((x, j) => (icScalars[j + 1] = (icScalars[j + 1]! + w * x) % r))
  })
  const weightSum = icScalars[0]!
  const cBases = new Uint8Array(64 * checked.length)
  checked.forEach(({ c }, i) => cBases.set(c, 64 * i))
  const [vkX, cSum] = [
    multiExpG1(curve, key.ic, scalarBytes(icScalars)),
    multiExpG1(curve, cBases, scalarBytes(weights, WEIGHT_BYTES), WEIGHT_BYTES),
  ]
  const pairs: (readonly [Uint8Array, Uint8Array])[] = [
    [curve.prepareG1(curve.G1.timesScalar(key.alpha, weightSum)), key.betaLines],
    [curve.prepareG1(vkX), key.gammaLines],
    [curve.prepareG1(cSum), key.deltaLines],
  ]
  checked.forEach(({ a, bLines }, i) => {
    const minusRA = curve.G1.neg(curve.G1.timesScalar(a, weights[i]!))
    pairs.push([curve.prepareG1(minusRA), bLines])
  })
  return curve.Gt.eq(curve.finalExponentiation(millerLoopMulti(curve, pairs)), curve.Gt.one)
}
