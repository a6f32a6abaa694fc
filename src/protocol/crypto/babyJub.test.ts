import { type BabyJub, buildBabyjub } from 'circomlibjs'
import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../constants.js'
import { BASE8, addPoints, hasZeroX8, isOnCurve, mulPoint, verifyEquation, verifyEquationA } from './babyJub.js'
import { BABYJUB_SUBORDER } from './eddsa.js'

// circomlibjs's BabyJub (affine formulas over its WASM field) is the reference.
let reference: BabyJub
beforeAll(async () => {
  reference = await buildBabyjub()
})

const toRef = ([x, y]: readonly [bigint, bigint]) => [reference.F.e(x), reference.F.e(y)] as [Uint8Array, Uint8Array]
const fromRef = (p: [Uint8Array, Uint8Array]) => [reference.F.toObject(p[0]), reference.F.toObject(p[1])]
const scalar = fc.bigInt({ min: 0n, max: (1n << 254n) - 1n })

describe('BabyJub (pure bigint)', () => {
  test('Base8 is circomlibjs\'s Base8, on the curve, of order ℓ', () => {
    expect(fromRef(reference.Base8)).toEqual([...BASE8])
    expect(isOnCurve(BASE8)).toBe(true)
    expect(mulPoint(BASE8, BABYJUB_SUBORDER)).toEqual([0n, 1n])
    expect(reference.subOrder).toBe(BABYJUB_SUBORDER)
  })

  test('scalar multiplication equals circomlibjs for random scalars and points', () => {
    fc.assert(
      fc.property(scalar, scalar, (k, j) => {
        const point = mulPoint(BASE8, j) // a random subgroup point
        expect(mulPoint(point, k)).toEqual(fromRef(reference.mulPointEscalar(toRef(point), k)))
      }),
      { numRuns: 8 },
    )
  })

  test('addition equals circomlibjs, including doubling and the identity', () => {
    const p = mulPoint(BASE8, 12345n)
    const q = mulPoint(BASE8, 67890n)
    expect(addPoints(p, q)).toEqual(fromRef(reference.addPoint(toRef(p), toRef(q))))
    expect(addPoints(p, p)).toEqual(fromRef(reference.addPoint(toRef(p), toRef(p))))
    expect(addPoints(p, [0n, 1n])).toEqual([...p])
    expect(mulPoint(p, 0n)).toEqual([0n, 1n])
  })

  test('isOnCurve agrees with circomlibjs and rejects non-canonical coordinates', () => {
    const p = mulPoint(BASE8, 99n)
    expect(isOnCurve(p)).toBe(true)
    expect(isOnCurve([p[0], p[1] + 1n])).toBe(reference.inCurve(toRef([p[0], p[1] + 1n])))
    expect(isOnCurve([p[0], p[1] + 1n])).toBe(false)
    expect(isOnCurve([p[0] + SNARK_SCALAR_FIELD, p[1]])).toBe(false)
    expect(isOnCurve([0n, 0n])).toBe(false)
  })

  test('verifyEquation checks s·B8 = R + k·A', () => {
    const a = mulPoint(BASE8, 5n)
    const r = mulPoint(BASE8, 7n)
    // s = 7 + 3·5 = 22 ⇒ 22·B8 = R + 3·A
    expect(verifyEquation(22n, r, 3n, a)).toBe(true)
    expect(verifyEquation(23n, r, 3n, a)).toBe(false)
    expect(verifyEquation(22n, r, 4n, a)).toBe(false)
  })

  test('verifyEquationA (fixed-base table, windows, 8·A folded in) answers as verifyEquation with 8·A', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: BABYJUB_SUBORDER - 1n }), fc.bigInt({ min: 1n, max: BABYJUB_SUBORDER - 1n }), scalar, fc.boolean(), (r, a, k, honest) => {
        const A = mulPoint(BASE8, a)
        const R8 = mulPoint(BASE8, r)
        // An honest s satisfies the equation; otherwise a random one (almost surely not).
        const s = honest ? (r + ((k % BABYJUB_SUBORDER) * 8n * a)) % BABYJUB_SUBORDER : (r * 7n + k) % BABYJUB_SUBORDER
        const expected = verifyEquation(s, R8, k, mulPoint(A, 8n))
        expect(verifyEquationA(s, R8, k, A)).toBe(expected)
        if (honest) expect(expected).toBe(true)
      }),
      { numRuns: 12 },
    )
    // Points outside the subgroup (the table covers every nibble, including s ≥ ℓ).
    const torsion: [bigint, bigint] = [0n, SNARK_SCALAR_FIELD - 1n] // (0, −1), of order 2
    const A = addPoints(mulPoint(BASE8, 5n), torsion)
    expect(verifyEquationA(22n + BABYJUB_SUBORDER, mulPoint(BASE8, 7n), 3n, A)).toBe(verifyEquation(22n + BABYJUB_SUBORDER, mulPoint(BASE8, 7n), 3n, mulPoint(A, 8n)))
  })

  test('verifyEquationA answers the same for a key that signs often (its own windows) as for a new one', () => {
    // Two keys, each verified 12 times (windows built at the 4th), honest and not, interleaved,
    // and one from outside the subgroup: every answer must be verifyEquation's.
    const torsion: [bigint, bigint] = [0n, SNARK_SCALAR_FIELD - 1n]
    const keys = [7n, 123456789n].map((a) => ({ a, A: mulPoint(BASE8, a) }))
    const outside = addPoints(mulPoint(BASE8, 5n), torsion)
    for (let i = 0; i < 12; i++) {
      for (const { a, A } of keys) {
        const r = 1000n + BigInt(i)
        const k = 0xfedcba9876543210fedcba9876543210fedcba9876543210fedcba98765432n + BigInt(i) * 0x1234567n
        const honest = i % 3 !== 1
        const s = honest ? (r + ((k % BABYJUB_SUBORDER) * 8n * a)) % BABYJUB_SUBORDER : (r * 7n + k) % BABYJUB_SUBORDER
        const R8 = mulPoint(BASE8, r)
        expect(verifyEquationA(s, R8, k, A), `key ${a}, round ${i}`).toBe(honest)
        expect(verifyEquation(s, R8, k, mulPoint(A, 8n))).toBe(honest)
      }
      const R8 = mulPoint(BASE8, 7n)
      expect(verifyEquationA(22n + BigInt(i), R8, 3n, outside)).toBe(verifyEquation(22n + BigInt(i), R8, 3n, mulPoint(outside, 8n)))
    }
  })

  test('hasZeroX8 is true exactly when 8·P has x = 0', () => {
    for (const p of [mulPoint(BASE8, 1234n), [0n, 1n] as const, [0n, SNARK_SCALAR_FIELD - 1n] as const]) {
      expect(hasZeroX8(p)).toBe(mulPoint(p, 8n)[0] === 0n)
    }
    expect(hasZeroX8([0n, 1n])).toBe(true)
    expect(hasZeroX8(mulPoint(BASE8, 1234n))).toBe(false)
  })
})
