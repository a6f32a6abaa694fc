/**
 * FFTs over snarkjs's scalar field that send each of ffjavascript's threads one share of the
 * points once, instead of every point to a thread and back once per pass.
 *
 * ffjavascript's `Fr.fft` / `Fr.ifft` cut 2^17 points into 2^14-point chunks and send every
 * chunk to a thread and back four times (one pass for the chunk-local levels, one per remaining
 * level), and `Fr.batchApplyKey` once more; every trip structured-clones the chunk into fresh
 * buffers on both sides. That is cheap where the allocator reuses freed memory (Node), and slow
 * where each fresh buffer is mapped and faulted in page by page (Chromium). Here the points are
 * split by decimation in time: share s holds the points s, s + T, s + 2T, … (T shares, T a power
 * of two), each thread runs wasmcurves's whole FFT over its share in one task (the share's buffer
 * transferred, not cloned), and the log2(T) levels that mix shares run on the calling thread, in
 * the engine's own WASM memory, which stays mapped from one FFT to the next. `batchApplyKey` runs
 * there too: one multiplication per point costs less than the trip to a thread and back.
 *
 * Only the case snarkjs's Groth16 prover uses takes this path (a Uint8Array of 2^k field
 * elements, k ≤ Fr.s); anything else goes to ffjavascript's own functions. Field arithmetic is
 * exact and wasmcurves keeps elements fully reduced, so the bytes equal ffjavascript's.
 */

import type { ProgressLogger as Logger, ThreadQueue, ThreadTask } from './threadTasks.js'

type Fft = (buff: unknown, inType?: string, outType?: string, logger?: Logger, loggerTxt?: string) => Promise<unknown>
type BatchApplyKey = (buff: unknown, first: unknown, inc: unknown, inType?: string, outType?: string) => Promise<unknown>

/** The parts of ffjavascript's scalar field (a `WasmField1` with the engine's FFTs) this module reads and replaces. */
export type SplittableField = {
  n8: number
  /** 2^s is the largest power of two dividing r − 1. */
  s: number
  /** w[i] is the 2^i-th root of unity every FFT of 2^i points uses. */
  w: Uint8Array[]
  one: Uint8Array
  e(value: number | bigint | Uint8Array): Uint8Array
  inv(a: Uint8Array): Uint8Array
  exp(a: Uint8Array, exponent: number | bigint): Uint8Array
  fft: Fft
  ifft: Fft
  batchApplyKey: BatchApplyKey
}

/** The parts of an ffjavascript curve this module reads and replaces. */
export type SplittableFftCurve = {
  tm: ThreadQueue & {
    memory: WebAssembly.Memory
    u8: Uint8Array
    u32: Uint32Array
    instance: { exports: Record<string, unknown> }
  }
  Fr: SplittableField
}

/** Below this many points ffjavascript's own functions are used (wasmcurves's FFT wants ≥ 2 points per share). */
const MIN_POINTS = 16
/** Below this many points a share is not worth a thread. */
const MIN_POINTS_PER_SHARE = 1 << 10
/**
 * Each doubling of the shares adds one level run on the calling thread over all the points: past
 * four shares that level costs more than the threads it frees save.
 */
const MAX_SHARES = 4

const SPLIT = Symbol.for('lantern.splitFft')

/**
 * Replaces `curve.Fr.fft`, `curve.Fr.ifft` and `curve.Fr.batchApplyKey` (same arguments, same
 * results, byte for byte; `IFFT_A`-style progress messages start with the caller's text as
 * ffjavascript's do). Idempotent: a curve already patched is left as it is.
 */
export function splitFft(curve: SplittableFftCurve): void {
  const marked = curve as SplittableFftCurve & { [SPLIT]?: true }
  if (marked[SPLIT]) return
  marked[SPLIT] = true
  const { Fr } = curve
  const original = { fft: Fr.fft.bind(Fr), ifft: Fr.ifft.bind(Fr), batchApplyKey: Fr.batchApplyKey.bind(Fr) }
  const spare = new SpareBuffers()
  Fr.fft = (buff, inType, outType, logger, loggerTxt) =>
    isFastFft(Fr, buff) ? splitFftOf(curve, spare, buff, false, logger, loggerTxt ?? '') : original.fft(buff, inType, outType, logger, loggerTxt)
  Fr.ifft = (buff, inType, outType, logger, loggerTxt) =>
    isFastFft(Fr, buff) ? splitFftOf(curve, spare, buff, true, logger, loggerTxt ?? '') : original.ifft(buff, inType, outType, logger, loggerTxt)
  Fr.batchApplyKey = (buff, first, inc, inType, outType) =>
    buff instanceof Uint8Array && buff.byteLength % Fr.n8 === 0
      ? Promise.resolve(applyKeyHere(curve, buff, Fr.e(first as Uint8Array), Fr.e(inc as Uint8Array)))
      : original.batchApplyKey(buff, first, inc, inType, outType)
}

function isFastFft(Fr: SplittableField, buff: unknown): buff is Uint8Array {
  if (!(buff instanceof Uint8Array)) return false
  const points = buff.byteLength / Fr.n8
  return Number.isInteger(points) && points >= MIN_POINTS && (points & (points - 1)) === 0 && Math.log2(points) <= Fr.s
}

async function splitFftOf(curve: SplittableFftCurve, spare: SpareBuffers, buff: Uint8Array, inverse: boolean, logger: Logger, loggerTxt: string): Promise<Uint8Array> {
  const { Fr, tm } = curve
  const n8 = Fr.n8
  const points = buff.byteLength / n8
  const bits = Math.log2(points)
  let shareBits = 0
  while (shareBits < Math.log2(Math.min(tm.concurrency, MAX_SHARES)) && points >> (shareBits + 1) >= MIN_POINTS_PER_SHARE) shareBits++
  const shares = 1 << shareBits
  const perShare = points >> shareBits
  const perShareBits = bits - shareBits

  // Share s is the sub-sequence s, s + T, s + 2T, …; each thread's FFT of it (inverse: scaled by
  // 1/points rather than 1/perShare, so the levels joining the shares need no scaling of their own).
  const factor = inverse ? Fr.inv(Fr.e(points)) : Fr.one
  const results = await Promise.all(
    Array.from({ length: shares }, (_, s) => {
      logger?.debug?.(`${loggerTxt}: fft ${bits} mix start: ${s}/${shares}`)
      const share = gather(buff, n8, s, shares, spare.take(perShare * n8))
      const task: ThreadTask[] = [
        { cmd: 'ALLOCSET', var: 0, buff: share },
        { cmd: 'ALLOCSET', var: 1, buff: factor },
        { cmd: 'CALL', fnName: 'frm_rawfft', params: [{ var: 0 }, { val: perShareBits }, { val: inverse ? 1 : 0 }, { var: 1 }] },
        { cmd: 'GET', out: 0, var: 0, len: perShare * n8 },
      ]
      return tm.queueAction(task, [share.buffer as ArrayBuffer]).then(([result]) => {
        logger?.debug?.(`${loggerTxt}: fft ${bits} mix end: ${s}/${shares}`)
        return result!
      })
    }),
  )
  if (shares === 1) return results[0]!

  return withScratch(tm, points * n8 + 2 * n8, (base) => {
    // The joins below are ffjavascript's radix-2 levels, whose inputs are in bit-reversed order.
    for (let s = 0; s < shares; s++) tm.u8.set(results[s]!, base + reverseBits(s, shareBits) * perShare * n8)
    spare.keep(results)
    const pFirst = base + points * n8
    const pInc = pFirst + n8
    const join = tm.instance.exports.frm_fftJoin as (p1: number, p2: number, n: number, first: number, inc: number) => void
    for (let level = perShareBits + 1; level <= bits; level++) {
      logger?.debug?.(`${loggerTxt}: fft ${bits} join: ${level}/${bits}`)
      const root = inverse ? Fr.inv(Fr.w[level]!) : Fr.w[level]!
      const groups = 1 << (bits - level)
      const perGroup = shares / groups
      for (let j = 0; j < groups; j++) {
        for (let k = 0; k < perGroup / 2; k++) {
          const o1 = j * perGroup + k
          const o2 = o1 + perGroup / 2
          tm.u8.set(Fr.exp(root, k * perShare), pFirst)
          tm.u8.set(root, pInc)
          join(base + o1 * perShare * n8, base + o2 * perShare * n8, perShare, pFirst, pInc)
        }
      }
    }
    return tm.u8.slice(base, base + points * n8)
  })
}

/** out[i] = buff[i]·first·inc^i, computed in the engine's WASM memory on the calling thread. */
function applyKeyHere(curve: SplittableFftCurve, buff: Uint8Array, first: Uint8Array, inc: Uint8Array): Uint8Array {
  const { Fr, tm } = curve
  const n8 = Fr.n8
  const points = buff.byteLength / n8
  return withScratch(tm, buff.byteLength + 2 * n8, (base) => {
    const pFirst = base + buff.byteLength
    const pInc = pFirst + n8
    tm.u8.set(buff, base)
    tm.u8.set(first, pFirst)
    tm.u8.set(inc, pInc)
    // In place: wasmcurves reads each point before it writes it.
    ;(tm.instance.exports.frm_batchApplyKey as (pIn: number, n: number, first: number, inc: number, pOut: number) => void)(base, points, pFirst, pInc, base)
    return tm.u8.slice(base, base + buff.byteLength)
  })
}

/**
 * Runs `use` with `length` bytes of the engine's WASM memory above its bump allocator's free
 * pointer, which is moved past them meanwhile (the field's own operations allocate there) and put
 * back after. The memory grows when needed and is kept: the next FFT finds its pages mapped.
 */
function withScratch<T>(tm: SplittableFftCurve['tm'], length: number, use: (base: number) => T): T {
  const free = tm.u32[0]!
  const base = (free + 63) & ~63
  const end = base + length
  if (end > tm.memory.buffer.byteLength) {
    tm.memory.grow(Math.ceil((end - tm.memory.buffer.byteLength) / 0x10000))
    // Growing detaches the old views; ffjavascript reads tm.u8 / tm.u32 afresh on each use.
    tm.u8 = new Uint8Array(tm.memory.buffer)
    tm.u32 = new Uint32Array(tm.memory.buffer)
  }
  tm.u32[0] = end
  try {
    return use(base)
  } finally {
    tm.u32[0] = free
  }
}

/** Copies the elements s, s + stride, s + 2·stride, … of `from` into `to`. */
function gather(from: Uint8Array, n8: number, s: number, stride: number, to: Uint8Array): Uint8Array {
  if (stride === 1) {
    to.set(from)
    return to
  }
  const words = n8 / 4
  if (from.byteOffset % 4 !== 0 || !Number.isInteger(words)) {
    for (let i = 0, at = s * n8; i < to.byteLength; i += n8, at += stride * n8) to.set(from.subarray(at, at + n8), i)
    return to
  }
  const src = new Uint32Array(from.buffer, from.byteOffset, from.byteLength / 4)
  const dst = new Uint32Array(to.buffer, to.byteOffset, to.byteLength / 4)
  const step = stride * words
  for (let i = 0, at = s * words; i < dst.length; at += step) {
    for (let w = 0; w < words; w++) dst[i++] = src[at + w]!
  }
  return to
}

function reverseBits(x: number, bits: number): number {
  let r = 0
  for (let i = 0; i < bits; i++) r |= ((x >> i) & 1) << (bits - 1 - i)
  return r
}

/**
 * The shares' buffers the threads sent back, once copied out, become the next FFT's shares:
 * a buffer already faulted in costs nothing to fill, a fresh one a page fault per 4 KB.
 */
class SpareBuffers {
  private readonly buffers: Uint8Array[] = []

  take(length: number): Uint8Array {
    const i = this.buffers.findIndex((b) => b.byteLength === length && b.byteOffset === 0 && b.buffer.byteLength === length)
    return i < 0 ? new Uint8Array(length) : this.buffers.splice(i, 1)[0]!
  }

  keep(buffers: Uint8Array[]): void {
    this.buffers.push(...buffers)
    this.buffers.splice(0, Math.max(0, this.buffers.length - MAX_SHARES))
  }
}
