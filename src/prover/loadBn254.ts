import { type WasmBn128, buildBn128 } from 'ffjavascript'
import { addPrepareG2WithEnd } from './g2Lines.js'
import { addMillerLoopMulti, type WasmModuleBuilder } from './millerLoopMulti.js'

let curve: Promise<WasmBn128> | undefined

/**
 * The BN254 engine the Groth16 verifier uses: ffjavascript's WASM bn128 (the arithmetic
 * snarkjs runs on), built single-threaded so it never starts workers of its own — the caller
 * is already a worker, and a verification is a few milliseconds of sequential work. Built
 * once per thread on first use (≈ 0.1–0.3 s to generate and compile the module) and kept;
 * concurrent callers share one build, and a failed one is retried on the next call. The module
 * also carries a multi-Miller loop (millerLoopMulti.ts) and a G2 preparation that also
 * checks subgroup membership (g2Lines.ts).
 */
export function loadBn254(): Promise<WasmBn128> {
  curve ??= buildBn128(true, (module: WasmModuleBuilder) => {
    addMillerLoopMulti(module)
    addPrepareG2WithEnd(module)
  }).catch((error: unknown) => {
    curve = undefined
    throw error
  })
  return curve
}
