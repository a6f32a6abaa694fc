import type { WasmBn128 } from 'ffjavascript'
import { describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { InvalidProofFormatError } from './errors.js'
import { g2Lines, linesIfInSubgroup } from './g2Lines.js'
import { loadBn254 } from './loadBn254.js'
import { BN254_BASE_FIELD } from './parseProof.js'

/** Affine points on the twist y² = x³ + b' found by trying x = (7919k, k + 3): almost none is in G2. */
function twistPoints(curve: WasmBn128, count: number): Uint8Array[] {
  const { G2 } = curve
  const F = G2.F
  const points: Uint8Array[] = []
  for (let k = 1n; points.length < count; k++) {
    const x = F.fromObject([k * 7919n, k + 3n])
    const rhs = F.add(F.mul(F.square(x), x), G2.b)
    if (!F.isSquare(rhs)) continue
    const q = new Uint8Array(128)
    q.set(x)
    q.set(F.sqrt(rhs), 64)
    expect(G2.isValid(q)).toBe(true)
    points.push(q)
  }
  return points
}

describe('g2Lines', () => {
  test('the end-point test is complete: α = 6x₀+2 + ψ − ψ² + ψ³ kills G2 and only G2 on the twist', () => {
    const x = 4965661367192848881n
    const [p, r] = [BN254_BASE_FIELD, SNARK_SCALAR_FIELD]
    expect(36n * x ** 4n + 36n * x ** 3n + 24n * x ** 2n + 6n * x + 1n).toBe(p)
    expect(36n * x ** 4n + 36n * x ** 3n + 18n * x ** 2n + 6n * x + 1n).toBe(r)
    const t = 6n * x ** 2n + 1n
    const h2 = 2n * p - r
    const gcd = (u: bigint, v: bigint): bigint => (v === 0n ? u : gcd(v, u % v))
    // ψ acts on G2 as [p]: α is 0 there.
    expect((6n * x + 2n + p - p ** 2n + p ** 3n) % r).toBe(0n)
    // α = a + bψ (ψ² = tψ − p); separable (a ≢ 0 mod p), kernel of size a² + tab + pb².
    const [a, b] = [6n * x + 2n + p - t * p, 1n - t + t * t - p]
    expect(a % p).not.toBe(0n)
    const kernel = a * a + t * a * b + p * b * b
    expect(kernel % r).toBe(0n)
    expect(gcd(kernel, h2)).toBe(1n)
    expect(gcd(r, h2)).toBe(1n)
  })

  test('agrees with [r]Q = O on random twist points, on points of the cofactor part and on their sums with G2 points', async () => {
    const curve = await loadBn254()
    const { G2 } = curve
    const inG2 = (q: Uint8Array) => G2.isZero(G2.timesScalar(q, SNARK_SCALAR_FIELD))
    const random = twistPoints(curve, 12)
    // [r]Q lies in the part of order h₂ (the cofactor): never in G2, but killed by h₂.
    const cofactorPart = random.slice(0, 4).map((q) => G2.toAffine(G2.timesScalar(q, SNARK_SCALAR_FIELD)))
    const mixed = cofactorPart.map((t, i) => G2.toAffine(G2.add(t, G2.timesScalar(G2.g, BigInt(1000 + i)))))
    let outside = 0
    for (const q of [...random, ...cofactorPart, ...mixed]) {
      expect(linesIfInSubgroup(curve, q) !== undefined, 'endomorphism test vs definition').toBe(inG2(q))
      if (!inG2(q)) outside++
    }
    expect(outside).toBe(20)
  })

  test('accepts G2 points, with the very lines curve.prepareG2 computes', async () => {
    const curve = await loadBn254()
    const { G2 } = curve
    for (const s of [1n, 2n, 12345n, SNARK_SCALAR_FIELD - 1n, 0xdeadbeefcafebabe1234567890n]) {
      const q = G2.toAffine(G2.timesScalar(G2.g, s))
      expect(g2Lines(curve, q, 'key', 'Q'), `[${s}]G2`).toEqual(curve.prepareG2(G2.toJacobian(q)))
    }
  })

  test('refuses a point outside the subgroup with a typed error naming it', async () => {
    const curve = await loadBn254()
    const [outside] = twistPoints(curve, 1)
    expect(() => g2Lines(curve, outside!, 'Groth16 proof', 'pi_b')).toThrow(InvalidProofFormatError)
    expect(() => g2Lines(curve, outside!, 'Groth16 proof', 'pi_b')).toThrow(/pi_b is not in the order-r subgroup of G2/)
  })
})
