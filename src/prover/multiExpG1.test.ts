import { describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { scalarBytes } from './groth16Points.js'
import { loadBn254 } from './loadBn254.js'
import { multiExpG1 } from './multiExpG1.js'

describe('multiExpG1', () => {
  test('equals the sum of scalar multiplications, for 1, 2 and 24 points, zero scalars included', async () => {
    const curve = await loadBn254()
    for (const n of [1, 2, 24]) {
      const bases = new Uint8Array(64 * n)
      for (let i = 0; i < n; i++) bases.set(curve.G1.toAffine(curve.G1.timesScalar(curve.G1.g, BigInt(3 * i + 5))), 64 * i)
      const scalars = Array.from({ length: n }, (_, i) => (i === 1 ? 0n : (BigInt(i + 1) * 0xfedcba9876543210fedcba9876543210fedcba98765432n) % SNARK_SCALAR_FIELD))
      let expected = curve.G1.timesScalar(curve.G1.g, 0n)
      scalars.forEach((s, i) => (expected = curve.G1.add(expected, curve.G1.timesScalar(bases.subarray(64 * i, 64 * i + 64), s))))
      expect(curve.G1.eq(multiExpG1(curve, bases, scalarBytes(scalars)), expected), `${n} points`).toBe(true)
      const small = scalars.map((s) => s % (1n << 128n))
      let expectedSmall = curve.G1.timesScalar(curve.G1.g, 0n)
      small.forEach((s, i) => (expectedSmall = curve.G1.add(expectedSmall, curve.G1.timesScalar(bases.subarray(64 * i, 64 * i + 64), s))))
      expect(curve.G1.eq(multiExpG1(curve, bases, scalarBytes(small, 16), 16), expectedSmall), `${n} points, 16-byte scalars`).toBe(true)
    }
  })
})
