import type { WasmBn128 } from 'ffjavascript'

/**
 * Σ sᵢ·Pᵢ over G1 for affine bases and little-endian scalars of `scalarSize` bytes, as a Jacobian point, in
 * one call into wasmcurves's Pippenger (`g1m_multiexpAffine`). ffjavascript's own
 * `G1.multiExpAffine` splits the work into one queued task per bit window — built for its thread
 * pool — which costs ≈ 17 ms for 2 points single-threaded; this costs a fraction of a ms.
 */
export function multiExpG1(curve: WasmBn128, bases: Uint8Array, scalars: Uint8Array, scalarSize = 32): Uint8Array {
  const n = bases.length / 64
  if (!Number.isInteger(n) || scalars.length !== scalarSize * n) throw new RangeError('multiExpG1: bases and scalars do not match')
  const { tm } = curve
  tm.startSyncOp()
  try {
    const pBases = tm.allocBuff(bases)
    const pScalars = tm.allocBuff(scalars)
    const pResult = tm.alloc(96)
    tm.instance.exports.g1m_multiexpAffine!(pBases, pScalars, scalarSize, n, pResult)
    return tm.getBuff(pResult, 96)
  } finally {
    tm.endSyncOp()
  }
}
