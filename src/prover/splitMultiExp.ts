/**
 * A multi-exponentiation for snarkjs's curve that hands each of ffjavascript's threads one
 * contiguous share of the points, instead of every thread every point once per bit window.
 *
 * ffjavascript's `G.multiExpAffine` queues one task per 16-bit window of the scalars (16 tasks
 * for the batch circuit's 2^17-point multi-exponentiations), and every task carries a copy of all
 * the bases and all the scalars to its thread. For the five multi-exponentiations of one proof
 * that is ≈ 3 GB structured-cloned into fresh buffers: cheap where the allocator reuses freed
 * memory (Node), and most of the proving time where it maps and faults in new pages for each
 * message (Chromium). Here each thread gets its share once, its buffers transferred rather than
 * copied, and runs wasmcurves's whole Pippenger (`g1m_multiexpAffine` / `g2m_multiexpAffine`)
 * over it; the shares' sums are added on the calling thread.
 */

import type { ProgressLogger as Logger, ThreadQueue, ThreadTask } from './threadTasks.js'

/** The parts of an ffjavascript curve this module reads and replaces. */
export type SplittableCurve = {
  tm: ThreadQueue
  G1: SplittableGroup
  G2: SplittableGroup
}

type SplittableGroup = {
  F: { n8: number }
  zero: Uint8Array
  add(a: Uint8Array, b: Uint8Array): Uint8Array
  multiExpAffine(bases: Uint8Array, scalars: Uint8Array, logger?: Logger, logText?: string): Promise<Uint8Array>
}

/** Below this many points a share is not worth a thread. */
const MIN_POINTS_PER_SHARE = 1 << 10

const SPLIT = Symbol.for('lantern.splitMultiExp')

/**
 * Replaces `curve.G1.multiExpAffine` and `curve.G2.multiExpAffine` (affine bases, little-endian
 * scalars, a Jacobian result: the same contract and the same progress messages as ffjavascript's).
 * Idempotent: a curve already patched is left as it is.
 */
export function splitMultiExp(curve: SplittableCurve): void {
  const marked = curve as SplittableCurve & { [SPLIT]?: true }
  if (marked[SPLIT]) return
  marked[SPLIT] = true
  curve.G1.multiExpAffine = splitMultiExpAffine(curve, curve.G1, 'g1m_multiexpAffine')
  curve.G2.multiExpAffine = splitMultiExpAffine(curve, curve.G2, 'g2m_multiexpAffine')
}

function splitMultiExpAffine(curve: SplittableCurve, group: SplittableGroup, fnName: string): SplittableGroup['multiExpAffine'] {
  const pointSize = group.F.n8 * 2
  const resultSize = group.F.n8 * 3
  return async (bases, scalars, logger, logText = 'multiexp') => {
    if (!(bases instanceof Uint8Array) || !(scalars instanceof Uint8Array)) throw new TypeError(`${logText}: bases and scalars must be Uint8Arrays`)
    const points = Math.floor(bases.byteLength / pointSize)
    if (points * pointSize !== bases.byteLength) throw new RangeError(`${logText}: ${bases.byteLength} bytes of bases is not a whole number of points`)
    if (points === 0) return group.zero
    const scalarSize = scalars.byteLength / points
    if (!Number.isInteger(scalarSize)) throw new RangeError(`${logText}: ${scalars.byteLength} bytes of scalars for ${points} points`)

    const shares = Math.max(1, Math.min(curve.tm.concurrency, Math.floor(points / MIN_POINTS_PER_SHARE)))
    logger?.debug?.(`Multiexp start: ${logText}: 0/${points}`)
    const sums = await Promise.all(
      Array.from({ length: shares }, (_, i) => {
        const from = Math.floor((points * i) / shares)
        const to = Math.floor((points * (i + 1)) / shares)
        // slice() copies the share into a buffer of its own, which is then moved, not cloned.
        const shareBases = bases.slice(from * pointSize, to * pointSize)
        const shareScalars = scalars.slice(from * scalarSize, to * scalarSize)
        const task: ThreadTask[] = [
          { cmd: 'ALLOCSET', var: 0, buff: shareBases },
          { cmd: 'ALLOCSET', var: 1, buff: shareScalars },
          { cmd: 'ALLOC', var: 2, len: resultSize },
          { cmd: 'CALL', fnName, params: [{ var: 0 }, { var: 1 }, { val: scalarSize }, { val: to - from }, { var: 2 }] },
          { cmd: 'GET', out: 0, var: 2, len: resultSize },
        ]
        return curve.tm.queueAction(task, [shareBases.buffer as ArrayBuffer, shareScalars.buffer as ArrayBuffer])
      }),
    )
    logger?.debug?.(`Multiexp end: ${logText}: ${points}/${points}`)
    return sums.reduce((sum, [share]) => group.add(sum, share!), group.zero)
  }
}
