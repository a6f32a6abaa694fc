// A multi-Miller loop for ffjavascript's WASM bn128: the product of n Miller loops with one
// shared Fp12 squaring per step instead of one per pair. wasmcurves exposes only single Miller
// loops (`bn128_millerLoop`); this adds `bn128_millerLoopMulti` to the same module when the
// engine is built (a plugin of ffjavascript's `buildBn128`), made of the very same steps —
// `ftm_square`, `f2m_mul1` and `bn128__mulBy024` over the prepared line coefficients — in
// wasmcurves's order for each pair. millerLoopMulti.test.ts checks it equals the product of
// single Miller loops.
import type { WasmBn128 } from 'ffjavascript'

type Code = number[]
type CodeBuilder = {
  getLocal(name: string): Code
  setLocal(name: string, value: Code): Code
  i32_const(value: number): Code
  i32_add(a: Code, b: Code): Code
  i32_sub(a: Code, b: Code): Code
  i32_eq(a: Code, b: Code): Code
  i32_eqz(a: Code): Code
  i32_load(address: Code, offset?: number): Code
  i32_load8_s(address: Code, offset?: number): Code
  i32_store(address: Code, offset: number, value: Code): Code
  call(name: string, ...args: Code[]): Code
  block(code: Code): Code
  loop(...code: Code[]): Code
  if(condition: Code, then: Code): Code
  br_if(depth: number, condition: Code): Code
  br(depth: number): Code
}
type FunctionBuilder = { addParam(name: string, type: 'i32'): void; addLocal(name: string, type: 'i32'): void; getCodeBuilder(): CodeBuilder; addCode(...code: Code[]): void }
/** The part of wasmbuilder's ModuleBuilder the plugin uses. */
export type WasmModuleBuilder = { alloc(size: number | number[]): number; addFunction(name: string): FunctionBuilder; exportFunction(name: string): void }

/** Pairs per call into the module (see millerLoopMulti). */
const MAX_PAIRS = 32
const F1_SIZE = 32
export const F2_SIZE = 64
/** One line's coefficients in a prepared G2 point: three Fq2 elements. */
export const ATE_COEF_SIZE = 3 * F2_SIZE
/** 6x + 2 for BN254 (wasmcurves's ateLoopCount), little-endian bits. */
export const ATE_LOOP_BITS = (() => {
  const bits: number[] = []
  for (let e = 29793968203157093288n; e > 0n; e >>= 1n) bits.push(Number(e & 1n))
  return bits
})()

/** Adds `bn128_millerLoopMulti(pPairs, n, pResult)`; pPairs holds n × (preP pointer, line-coefficient pointer). */
export function addMillerLoopMulti(module: WasmModuleBuilder): void {
  const pBits = module.alloc(ATE_LOOP_BITS)
  const f = module.addFunction('bn128_millerLoopMulti')
  f.addParam('pPairs', 'i32')
  f.addParam('n', 'i32')
  f.addParam('r', 'i32')
  for (const local of ['i', 'j', 'pPair', 'pP', 'pCoef']) f.addLocal(local, 'i32')
  const c = f.getCodeBuilder()
  const VW = c.i32_const(module.alloc(F2_SIZE))
  const VV = c.i32_const(module.alloc(F2_SIZE))
  const F = c.getLocal('r')
  const flat = (...parts: Code[]): Code => ([] as number[]).concat(...parts)
  // One line of the current pair: its next coefficient triple evaluated at P, folded into F.
  const line = flat(
    c.setLocal('pP', c.i32_load(c.getLocal('pPair'))),
    c.setLocal('pCoef', c.i32_load(c.getLocal('pPair'), 4)),
    c.call('f2m_mul1', c.i32_add(c.getLocal('pCoef'), c.i32_const(F2_SIZE)), c.i32_add(c.getLocal('pP'), c.i32_const(F1_SIZE)), VW),
    c.call('f2m_mul1', c.i32_add(c.getLocal('pCoef'), c.i32_const(2 * F2_SIZE)), c.getLocal('pP'), VV),
    c.call('bn128__mulBy024', c.getLocal('pCoef'), VW, VV, F),
    c.i32_store(c.getLocal('pPair'), 4, c.i32_add(c.getLocal('pCoef'), c.i32_const(ATE_COEF_SIZE))),
  )
  const forEachPair = (body: Code): Code =>
    flat(
      c.setLocal('j', c.i32_const(0)),
      c.setLocal('pPair', c.getLocal('pPairs')),
      c.block(
        c.loop(
          c.br_if(1, c.i32_eq(c.getLocal('j'), c.getLocal('n'))),
          body,
          c.setLocal('pPair', c.i32_add(c.getLocal('pPair'), c.i32_const(8))),
          c.setLocal('j', c.i32_add(c.getLocal('j'), c.i32_const(1))),
          c.br(0),
        ),
      ),
    )
  f.addCode(
    c.call('ftm_one', F),
    c.setLocal('i', c.i32_const(ATE_LOOP_BITS.length - 2)),
    c.block(
      c.loop(
        c.call('ftm_square', F, F),
        forEachPair(line),
        c.if(c.i32_load8_s(c.getLocal('i'), pBits), forEachPair(line)),
        c.br_if(1, c.i32_eqz(c.getLocal('i'))),
        c.setLocal('i', c.i32_sub(c.getLocal('i'), c.i32_const(1))),
        c.br(0),
      ),
    ),
    // BN254's loop count is positive (no inversion); the two Frobenius lines close each pair.
    forEachPair(flat(line, line)),
  )
  module.exportFunction('bn128_millerLoopMulti')
}

/**
 * ∏ᵢ MillerLoop(Pᵢ, Qᵢ) (before the final exponentiation) for prepared points
 * (`curve.prepareG1` / `curve.prepareG2`), with the Fp12 squarings shared. Needs an engine
 * built with `addMillerLoopMulti` (see loadBn254.ts).
 */
export function millerLoopMulti(curve: WasmBn128, pairs: readonly (readonly [Uint8Array, Uint8Array])[]): Uint8Array {
  // ffjavascript's engine has 1.6 MB of WASM memory and a prepared G2 point is ≈ 19.8 KB:
  // run at most MAX_PAIRS per call and multiply the partial products.
  if (pairs.length > MAX_PAIRS) {
    let product = curve.Gt.one
    for (let i = 0; i < pairs.length; i += MAX_PAIRS) product = curve.Gt.mul(product, millerLoopMulti(curve, pairs.slice(i, i + MAX_PAIRS)))
    return product
  }
  const { tm } = curve
  const run = tm.instance.exports.bn128_millerLoopMulti
  if (!run) throw new Error('millerLoopMulti: the bn128 engine was built without the multi-Miller-loop plugin')
  tm.startSyncOp()
  try {
    const table = new Uint8Array(8 * pairs.length)
    const view = new DataView(table.buffer)
    pairs.forEach(([preP, preQ], i) => {
      view.setUint32(8 * i, tm.allocBuff(preP), true)
      // Line coefficients start after preQ's own three Fq2 coordinates (wasmcurves's layout).
      view.setUint32(8 * i + 4, tm.allocBuff(preQ) + 3 * F2_SIZE, true)
    })
    const pTable = tm.allocBuff(table)
    const pResult = tm.alloc(12 * F1_SIZE)
    run(pTable, pairs.length, pResult)
    return tm.getBuff(pResult, 12 * F1_SIZE)
  } finally {
    tm.endSyncOp()
  }
}
