import * as snarkjs from 'snarkjs'
import { type SplittableFftCurve, splitFft } from './splitFft.js'
import { type SplittableCurve, splitMultiExp } from './splitMultiExp.js'

let building: Promise<unknown> | undefined

/**
 * Resolves once snarkjs's shared bn128 curve exists.
 *
 * ffjavascript caches the curve (a WASM engine and its worker threads) in
 * `globalThis.curve_bn128` only when the build finishes, so snarkjs calls that start meanwhile
 * each build a curve of their own, whose threads nothing terminates and which keep the process
 * alive. Every snarkjs call here awaits this first: concurrent first callers share one build.
 * The curve's multi-exponentiations are replaced by `splitMultiExp`'s and its scalar FFTs by
 * `splitFft`'s (one share of the points per thread), which every later proof on it uses.
 */
export function snarkjsCurveReady(): Promise<unknown> {
  const cached = (globalThis as unknown as { curve_bn128?: SplittableCurve }).curve_bn128
  if (cached) return Promise.resolve(withSplitTasks(cached))
  building ??= snarkjs.curves
    .getCurveFromName('bn128')
    .then((curve) => withSplitTasks(curve as unknown as SplittableCurve))
    .finally(() => (building = undefined))
  return building
}

function withSplitTasks(curve: SplittableCurve): SplittableCurve {
  splitMultiExp(curve)
  splitFft(curve as unknown as SplittableFftCurve)
  return curve
}
