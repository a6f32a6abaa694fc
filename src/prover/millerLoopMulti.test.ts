import { describe, expect, test } from 'vitest'
import { loadBn254 } from './loadBn254.js'
import { millerLoopMulti } from './millerLoopMulti.js'

describe('millerLoopMulti', () => {
  test('equals the product of single Miller loops, for 1 to 5 pairs and across several calls', async () => {
    const curve = await loadBn254()
    const { G1, G2, Gt } = curve
    const pairs = Array.from({ length: 5 }, (_, i) => [
      curve.prepareG1(G1.timesScalar(G1.g, BigInt(1000 + 17 * i))),
      curve.prepareG2(G2.timesScalar(G2.g, BigInt(7 + 31 * i))),
    ] as const)
    for (let n = 1; n <= pairs.length; n++) {
      let expected = Gt.one
      for (const [p, q] of pairs.slice(0, n)) expected = Gt.mul(expected, curve.millerLoop(p, q))
      expect(Gt.eq(millerLoopMulti(curve, pairs.slice(0, n)), expected), `${n} pairs`).toBe(true)
    }
    // 70 pairs: split across calls (MAX_PAIRS per call), same product.
    const many = Array.from({ length: 70 }, (_, i) => pairs[i % pairs.length]!)
    let expectedMany = Gt.one
    for (const [p, q] of many) expectedMany = Gt.mul(expectedMany, curve.millerLoop(p, q))
    expect(Gt.eq(millerLoopMulti(curve, many), expectedMany)).toBe(true)
    // And it is a Miller loop: after the final exponentiation, e(aP, Q)·e(−P, aQ) = 1.
    const a = 123456789n
    const check = millerLoopMulti(curve, [
      [curve.prepareG1(G1.timesScalar(G1.g, a)), curve.prepareG2(G2.timesScalar(G2.g, 1n))],
      [curve.prepareG1(G1.neg(G1.timesScalar(G1.g, 1n))), curve.prepareG2(G2.timesScalar(G2.g, a))],
    ])
    expect(Gt.eq(curve.finalExponentiation(check), Gt.one)).toBe(true)
  })
})
