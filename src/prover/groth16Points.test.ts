import { describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { inG2Subgroup } from './groth16Points.js'
import { loadBn254 } from './loadBn254.js'

describe('inG2Subgroup', () => {
  // The endomorphism test must agree with the definition ([r]Q = O) on points of both kinds.
  test('agrees with [r]Q = O on subgroup points and on random twist points outside it', async () => {
    const curve = await loadBn254()
    const { G2 } = curve
    const F = G2.F
    const byDefinition = (q: Uint8Array) => G2.isZero(G2.timesScalar(q, SNARK_SCALAR_FIELD))
    let outside = 0
    for (let k = 1n; outside < 12; k++) {
      const x = F.fromObject([k * 7919n, k + 3n])
      const rhs = F.add(F.mul(F.square(x), x), G2.b)
      if (!F.isSquare(rhs)) continue
      const q = new Uint8Array(128)
      q.set(x)
      q.set(F.sqrt(rhs), 64)
      expect(G2.isValid(q)).toBe(true)
      expect(inG2Subgroup(curve, q), `twist point ${k}`).toBe(byDefinition(q))
      if (!byDefinition(q)) outside++
    }
    for (const s of [1n, 2n, 12345n, SNARK_SCALAR_FIELD - 1n, 0xdeadbeefcafebabe1234567890n]) {
      const q = G2.toAffine(G2.timesScalar(G2.g, s))
      expect(inG2Subgroup(curve, q), `[${s}]G2`).toBe(true)
      expect(inG2Subgroup(curve, G2.timesScalar(G2.g, s)), `[${s}]G2, Jacobian`).toBe(true)
    }
  })
})
