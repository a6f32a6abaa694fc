// A G2 point's Miller-loop line coefficients and, from the same pass, its subgroup check.
//
// Preparing Q's lines walks T through the optimal ate loop: T ends at
// [6x₀+2]Q + ψ(Q) − ψ²(Q). For Q ∈ G2 that is −ψ³(Q), since 6x₀+2 + p − p² + p³ ≡ 0 (mod r)
// and ψ acts on G2 as [p]. The converse holds on the whole twist E'(Fp2), of order r·h₂ with
// h₂ = 2p − r prime to r. ψ satisfies ψ² − tψ + p = 0 (t = 6x₀² + 1, the trace of Frobenius), so
// α = 6x₀+2 + ψ − ψ² + ψ³ reduces to a + bψ with a = 6x₀+2 + p − tp and b = 1 − t + t² − p.
// a ≢ 0 (mod p), so α is separable and its kernel has deg α = a² + tab + pb² points; that
// number is prime to h₂ (g2Lines.test.ts checks both facts with exact integers), so a point of
// E'(Fp2) that α kills has no component of order dividing h₂: it is in G2. "α(Q) = O" is
// therefore exactly "Q ∈ G2", for three ψ maps instead of a 63-bit scalar multiplication.
//
// When the loop meets an exceptional case of the addition or doubling formulas (T = ±Q, or T
// of order 2 — possible only for Q outside G2), the projective formulas yield Z = 0 and stay
// there; such an end point is refused.
import type { WasmBn128 } from 'ffjavascript'
import { InvalidProofFormatError } from './errors.js'
import { ATE_COEF_SIZE, ATE_LOOP_BITS, F2_SIZE, type WasmModuleBuilder } from './millerLoopMulti.js'
import { BN254_BASE_FIELD } from './parseProof.js'

const G2_SIZE = 3 * F2_SIZE

/**
 * Adds `bn128_prepareG2WithEnd(pQ, pPrepared, pEnd)` to the engine: wasmcurves's
 * `bn128_prepareG2` step for step (its own double/add steps and ψ), which also leaves the loop's
 * final T, in homogeneous projective coordinates, at pEnd.
 */
export function addPrepareG2WithEnd(module: WasmModuleBuilder): void {
  const pBits = module.alloc(ATE_LOOP_BITS)
  const pQ1 = module.alloc(G2_SIZE)
  const pQ2 = module.alloc(G2_SIZE)
  const f = module.addFunction('bn128_prepareG2WithEnd')
  f.addParam('pQ', 'i32')
  f.addParam('pPrepared', 'i32')
  f.addParam('pEnd', 'i32')
  f.addLocal('pCoef', 'i32')
  f.addLocal('i', 'i32')
  const c = f.getCodeBuilder()
  const flat = (...parts: number[][]): number[] => ([] as number[]).concat(...parts)
  const at = (local: string, offset: number) => c.i32_add(c.getLocal(local), c.i32_const(offset))
  // The prepared point starts with Q in affine form (wasmcurves's layout); T runs at pEnd.
  const Q = c.getLocal('pPrepared')
  const T = c.getLocal('pEnd')
  const nextCoef = c.setLocal('pCoef', at('pCoef', ATE_COEF_SIZE))
  f.addCode(
    c.call('g2m_normalize', c.getLocal('pQ'), Q),
    c.call('f2m_copy', Q, T),
    c.call('f2m_copy', at('pPrepared', F2_SIZE), at('pEnd', F2_SIZE)),
    c.call('f2m_one', at('pEnd', 2 * F2_SIZE)),
    c.setLocal('pCoef', at('pPrepared', G2_SIZE)),
    c.setLocal('i', c.i32_const(ATE_LOOP_BITS.length - 2)),
    c.block(
      c.loop(
        c.call('bn128_prepDblStep', T, c.getLocal('pCoef')),
        nextCoef,
        c.if(c.i32_load8_s(c.getLocal('i'), pBits), flat(c.call('bn128_prepAddStep', Q, T, c.getLocal('pCoef')), nextCoef)),
        c.br_if(1, c.i32_eqz(c.getLocal('i'))),
        c.setLocal('i', c.i32_sub(c.getLocal('i'), c.i32_const(1))),
        c.br(0),
      ),
    ),
    // The two closing lines: T + ψ(Q), then T − ψ²(Q).
    c.call('bn128_mulByQ', Q, c.i32_const(pQ1)),
    c.call('bn128_mulByQ', c.i32_const(pQ1), c.i32_const(pQ2)),
    c.call('f2m_neg', c.i32_const(pQ2 + F2_SIZE), c.i32_const(pQ2 + F2_SIZE)),
    c.call('bn128_prepAddStep', c.i32_const(pQ1), T, c.getLocal('pCoef')),
    nextCoef,
    c.call('bn128_prepAddStep', c.i32_const(pQ2), T, c.getLocal('pCoef')),
  )
  module.exportFunction('bn128_prepareG2WithEnd')
}

const psiConstants = new WeakMap<WasmBn128, { cx: Uint8Array; cy: Uint8Array }>()

/** ψ = untwist ∘ Frobenius ∘ twist on affine (x, y): (x̄·ξ^((q−1)/3), ȳ·ξ^((q−1)/2)), ξ = 9 + u. */
function psi(curve: WasmBn128, [x, y]: readonly [Uint8Array, Uint8Array]): [Uint8Array, Uint8Array] {
  const { F1, F2 } = curve
  let constants = psiConstants.get(curve)
  if (!constants) {
    const xi = F2.fromObject([9n, 1n])
    constants = { cx: F2.exp(xi, (BN254_BASE_FIELD - 1n) / 3n), cy: F2.exp(xi, (BN254_BASE_FIELD - 1n) / 2n) }
    psiConstants.set(curve, constants)
  }
  const conjugate = (a: Uint8Array) => {
    const out = a.slice()
    out.set(F1.neg(a.subarray(32, 64)), 32)
    return out
  }
  return [F2.mul(conjugate(x), constants.cx), F2.mul(conjugate(y), constants.cy)]
}

/** Q's line coefficients and the loop's end point T (homogeneous projective X, Y, Z). */
function prepareWithEnd(curve: WasmBn128, affine: Uint8Array): { lines: Uint8Array; end: Uint8Array } {
  const { tm } = curve
  const run = tm.instance.exports.bn128_prepareG2WithEnd
  if (!run) throw new Error('g2Lines: the bn128 engine was built without the prepareG2WithEnd plugin')
  tm.startSyncOp()
  try {
    const pQ = tm.allocBuff(curve.G2.toJacobian(affine))
    const pPrepared = tm.alloc(curve.preQSize)
    const pEnd = tm.alloc(G2_SIZE)
    run(pQ, pPrepared, pEnd)
    return { lines: tm.getBuff(pPrepared, curve.preQSize), end: tm.getBuff(pEnd, G2_SIZE) }
  } finally {
    tm.endSyncOp()
  }
}

/**
 * Whether the loop's end point T (for the affine point Q) shows Q ∈ G2: T = −ψ³(Q), T ≠ O.
 * Exported for the tests; `g2Lines` is the way in.
 */
export function endShowsSubgroup(curve: WasmBn128, affine: Uint8Array, end: Uint8Array): boolean {
  const { F2 } = curve
  const [x3, y3] = psi(curve, psi(curve, psi(curve, [affine.subarray(0, F2_SIZE), affine.subarray(F2_SIZE, 2 * F2_SIZE)])))
  const [X, Y, Z] = [end.subarray(0, F2_SIZE), end.subarray(F2_SIZE, 2 * F2_SIZE), end.subarray(2 * F2_SIZE)]
  return !F2.isZero(Z) && F2.eq(X, F2.mul(x3, Z)) && F2.eq(Y, F2.neg(F2.mul(y3, Z)))
}

/** Q's prepared lines if Q (affine, on the twist) is in G2's order-r subgroup, else undefined. */
export function linesIfInSubgroup(curve: WasmBn128, affine: Uint8Array): Uint8Array | undefined {
  const { lines, end } = prepareWithEnd(curve, affine)
  return endShowsSubgroup(curve, affine, end) ? lines : undefined
}

/**
 * The Miller-loop line coefficients of a G2 point already checked canonical and on the twist
 * (`toG2`), byte for byte what `curve.prepareG2` gives; throws InvalidProofFormatError if the
 * point is outside the order-r subgroup. The twist's cofactor is ≈ 2^254, so such a point is a
 * real possibility that on-curve checks miss, and snarkjs's own verifier never looks.
 */
export function g2Lines(curve: WasmBn128, affine: Uint8Array, what: string, where: string): Uint8Array {
  const lines = linesIfInSubgroup(curve, affine)
  if (!lines) throw new InvalidProofFormatError({ what, reason: `${where} is not in the order-r subgroup of G2` })
  return lines
}
