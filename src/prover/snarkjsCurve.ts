import * as snarkjs from 'snarkjs'
import { type SplittableCurve, splitMultiExp } from './splitMultiExp.js'

let building: Promise<unknown> | undefined

/**
 * Resolves once snarkjs's shared bn128 curve exists.
 *
 * ffjavascript caches the curve (a WASM engine and its worker threads) in
 * `globalThis.curve_bn128` only when the build finishes, so snarkjs calls that start meanwhile
 * each build a curve of their own, whose threads nothing terminates and which keep the process
 * alive. Every snarkjs call here awaits this first: concurrent first callers share one build.
 * The curve's multi-exponentiations are replaced by `splitMultiExp`'s (one share of the points
 * per thread), which every later proof on it uses.
 */
export function snarkjsCurveReady(): Promise<unknown> {
  const cached = (globalThis as unknown as { curve_bn128?: SplittableCurve }).curve_bn128
  if (cached) return Promise.resolve(withSplitMultiExp(cached))
  building ??= snarkjs.curves
    .getCurveFromName('bn128')
    .then((curve) => withSplitMultiExp(curve as unknown as SplittableCurve))
    .finally(() => (building = undefined))
  return building
}

function withSplitMultiExp(curve: SplittableCurve): SplittableCurve {
  splitMultiExp(curve)
  return curve
}
