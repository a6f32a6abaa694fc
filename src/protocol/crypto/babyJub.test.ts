import { type BabyJub, buildBabyjub } from 'circomlibjs'
import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../constants.js'
import { BASE8, addPoints, isOnCurve, mulPoint, verifyEquation } from './babyJub.js'
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
})
