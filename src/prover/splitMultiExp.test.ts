import * as snarkjs from 'snarkjs'
import { afterAll, describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { scalarBytes } from './groth16Points.js'
import { type SplittableCurve, splitMultiExp } from './splitMultiExp.js'

type Group = SplittableCurve['G1'] & { g: Uint8Array; toAffine(p: Uint8Array): Uint8Array; eq(a: Uint8Array, b: Uint8Array): boolean }
type Curve = SplittableCurve & { G1: Group; G2: Group; terminate(): Promise<void> }

/** n affine bases (i + 1)·g and n pseudo-random scalars below r, every seventh one zero. */
function inputs(group: Group, n: number) {
  const pointSize = group.F.n8 * 2
  const bases = new Uint8Array(pointSize * n)
  let point = group.g
  for (let i = 0; i < n; i++, point = group.add(point, group.g)) bases.set(group.toAffine(point), pointSize * i)
  let seed = 0x9e3779b97f4a7c15n
  const scalars = Array.from({ length: n }, (_, i) => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 256n)
    return i % 7 === 3 ? 0n : (seed * seed) % SNARK_SCALAR_FIELD
  })
  return { bases, scalars: scalarBytes(scalars) }
}

/** A threaded curve of snarkjs's own ffjavascript (two threads here: the count comes from the machine, at least 2), and its original multi-exponentiations. */
async function curveWithOriginals(singleThread: boolean) {
  const curve = (await snarkjs.curves.getCurveFromName('bn128', { singleThread })) as unknown as Curve
  const original = { G1: curve.G1.multiExpAffine.bind(curve.G1), G2: curve.G2.multiExpAffine.bind(curve.G2) }
  splitMultiExp(curve)
  return { curve, original }
}

const curves: Curve[] = []
afterAll(async () => {
  for (const curve of curves) await curve.terminate()
})

describe('splitMultiExp', () => {
  test('equals ffjavascript’s multi-exponentiation on G1 and G2, threaded (several shares) and not', async () => {
    for (const singleThread of [false, true]) {
      const { curve, original } = await curveWithOriginals(singleThread)
      curves.push(curve)
      expect(curve.tm.concurrency).toBeGreaterThanOrEqual(singleThread ? 1 : 2)
      for (const [name, n] of [['G1', 2500], ['G1', 5], ['G2', 2100], ['G2', 1]] as const) {
        const group = curve[name]
        const { bases, scalars } = inputs(group, n)
        const got = await group.multiExpAffine(bases, scalars)
        const want = await original[name](bases, scalars)
        expect(group.eq(got, want), `${name}, ${n} points, ${singleThread ? 'single thread' : 'threads'}`).toBe(true)
        // The caller's buffers are left whole (the shares sent to the threads are copies).
        expect(bases.byteLength).toBe(group.F.n8 * 2 * n)
        expect(scalars.byteLength).toBe(32 * n)
      }
    }
  })

  test('reports the same progress messages as ffjavascript, and refuses inputs that do not match', async () => {
    const { curve } = await curveWithOriginals(true)
    curves.push(curve)
    const { bases, scalars } = inputs(curve.G1, 4)
    const messages: string[] = []
    await curve.G1.multiExpAffine(bases, scalars, { debug: (m) => messages.push(m) }, 'multiexp A')
    expect(messages[0]).toBe('Multiexp start: multiexp A: 0/4')
    await expect(curve.G1.multiExpAffine(bases.subarray(1), scalars)).rejects.toThrow(RangeError)
    await expect(curve.G1.multiExpAffine(bases, scalars.subarray(1))).rejects.toThrow(RangeError)
    expect(curve.G1.eq(await curve.G1.multiExpAffine(new Uint8Array(0), new Uint8Array(0)), curve.G1.zero)).toBe(true)
  })
})
