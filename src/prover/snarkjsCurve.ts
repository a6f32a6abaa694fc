import * as snarkjs from 'snarkjs'

let building: Promise<unknown> | undefined

/**
 * Resolves once snarkjs's shared bn128 curve exists.
 *
 * ffjavascript caches the curve (a WASM engine and its worker threads) in
 * `globalThis.curve_bn128` only when the build finishes, so snarkjs calls that start meanwhile
 * each build a curve of their own, whose threads nothing terminates and which keep the process
 * alive. Every snarkjs call here awaits this first: concurrent first callers share one build.
 */
export function snarkjsCurveReady(): Promise<unknown> {
  const cached = (globalThis as { curve_bn128?: unknown }).curve_bn128
  if (cached) return Promise.resolve(cached)
  building ??= snarkjs.curves.getCurveFromName('bn128').finally(() => (building = undefined))
  return building
}
