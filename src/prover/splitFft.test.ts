import * as snarkjs from 'snarkjs'
import { afterAll, describe, expect, onTestFinished, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { scalarBytes } from './groth16Points.js'
import { type SplittableFftCurve, splitFft } from './splitFft.js'

type Curve = SplittableFftCurve & { terminate(): Promise<void> }
type Field = Curve['Fr'] & { toMontgomery(a: Uint8Array): Uint8Array }

/** n pseudo-random field elements in Montgomery form (the engine's representation), every seventh one zero. */
function elements(Fr: Field, n: number, seed: bigint): Uint8Array {
  const values = Array.from({ length: n }, (_, i) => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 256n)
    return i % 7 === 3 ? 0n : (seed * seed) % SNARK_SCALAR_FIELD
  })
  const plain = scalarBytes(values)
  const out = new Uint8Array(plain.byteLength)
  for (let i = 0; i < n; i++) out.set(Fr.toMontgomery(plain.subarray(32 * i, 32 * (i + 1))), 32 * i)
  return out
}

type Originals = Pick<Curve['Fr'], 'fft' | 'ifft' | 'batchApplyKey'>
const originals = new WeakMap<Curve, Originals>()
const curves = new Set<Curve>()

/**
 * A curve of snarkjs's own ffjavascript (two threads or one), and its original functions.
 * ffjavascript hands every threaded request the same cached curve: its originals are the ones
 * saved before the first patch, not the patched functions a second request would find.
 */
async function curveWithOriginals(singleThread: boolean) {
  const curve = (await snarkjs.curves.getCurveFromName('bn128', { singleThread })) as unknown as Curve
  const { Fr } = curve
  if (!originals.has(curve)) originals.set(curve, { fft: Fr.fft.bind(Fr), ifft: Fr.ifft.bind(Fr), batchApplyKey: Fr.batchApplyKey.bind(Fr) })
  splitFft(curve)
  curves.add(curve)
  return { curve, Fr: Fr as Field, original: originals.get(curve)! }
}

/** Counts the tasks queued on the curve's threads from now on. */
function countTasks(curve: Curve): () => number {
  const tm = curve.tm
  const queue = Object.getPrototypeOf(tm).queueAction as Curve['tm']['queueAction']
  let count = 0
  tm.queueAction = (task, transfers) => (count++, queue.call(tm, task, transfers))
  return () => count
}

afterAll(async () => {
  for (const curve of curves) await curve.terminate()
})

describe('splitFft', () => {
  test('fft, ifft and batchApplyKey give ffjavascript’s bytes, threaded (several shares) and not', async () => {
    for (const singleThread of [false, true]) {
      const { curve, Fr, original } = await curveWithOriginals(singleThread)
      expect(curve.tm.concurrency).toBeGreaterThanOrEqual(singleThread ? 1 : 2)
      const inc = Fr.w[18]!
      for (const bits of singleThread ? [4, 10, 13] : [4, 10, 13, 17]) {
        const n = 1 << bits
        const input = elements(Fr, n, BigInt(bits) * 0x9e3779b97f4a7c15n + (singleThread ? 1n : 0n))
        const copy = input.slice()
        const where = `2^${bits} points, ${singleThread ? 'single thread' : 'threads'}`
        // snarkjs's Groth16 sequence, each step on the previous step's output.
        const queued = countTasks(curve)
        const a = (await Fr.ifft(input, '', '', undefined, 'IFFT_A')) as Uint8Array
        // One task per share, and two shares (one per thread) from 2^11 points up.
        expect(queued(), where).toBe(singleThread || bits < 11 ? 1 : 2)
        expect(Buffer.from(a).equals(Buffer.from((await original.ifft(input, '', '', undefined, 'IFFT_A')) as Uint8Array)), `ifft, ${where}`).toBe(true)
        const odd = (await Fr.batchApplyKey(a, Fr.e(1), inc)) as Uint8Array
        expect(Buffer.from(odd).equals(Buffer.from((await original.batchApplyKey(a, Fr.e(1), inc)) as Uint8Array)), `batchApplyKey, ${where}`).toBe(true)
        const t = (await Fr.fft(odd, '', '', undefined, 'FFT_A')) as Uint8Array
        expect(Buffer.from(t).equals(Buffer.from((await original.fft(odd, '', '', undefined, 'FFT_A')) as Uint8Array)), `fft, ${where}`).toBe(true)
        // An FFT is not the identity (a test of a no-op would pass on any equal pair), and the caller's buffer is left as it was.
        expect(Buffer.from(a).equals(Buffer.from(input))).toBe(false)
        expect(Buffer.from(input).equals(Buffer.from(copy))).toBe(true)
      }
    }
  })

  test('four shares (a machine with four threads or more): the levels joining them take the shares in bit-reversed order', async () => {
    const { curve, Fr, original } = await curveWithOriginals(false)
    // The two threads run the four tasks two by two; only the split depends on the count.
    const concurrency = curve.tm.concurrency
    curve.tm.concurrency = 4
    onTestFinished(() => void (curve.tm.concurrency = concurrency))
    for (const bits of [12, 14]) {
      const input = elements(Fr, 1 << bits, BigInt(bits))
      const queued = countTasks(curve)
      const t = (await Fr.fft(input, '', '', undefined, 'FFT_C')) as Uint8Array
      expect(queued()).toBe(4)
      expect(Buffer.from(t).equals(Buffer.from((await original.fft(input, '', '', undefined, 'FFT_C')) as Uint8Array)), `fft, 2^${bits}`).toBe(true)
      const a = (await Fr.ifft(input, '', '', undefined, 'IFFT_C')) as Uint8Array
      expect(Buffer.from(a).equals(Buffer.from((await original.ifft(input, '', '', undefined, 'IFFT_C')) as Uint8Array)), `ifft, 2^${bits}`).toBe(true)
    }
  })

  test('the inverse undoes the forward FFT; progress messages start with the caller’s text; other inputs go to ffjavascript', async () => {
    const { Fr, original } = await curveWithOriginals(false)
    const input = elements(Fr, 1 << 12, 7n)
    const messages: string[] = []
    const logger = { debug: (m: string) => messages.push(m) }
    const back = (await Fr.ifft(await Fr.fft(input, '', '', logger, 'FFT_B'), '', '', logger, 'IFFT_B')) as Uint8Array
    expect(Buffer.from(back).equals(Buffer.from(input))).toBe(true)
    expect(messages.length).toBeGreaterThan(0)
    expect(messages.every((m) => /^(FFT_B|IFFT_B): fft 12 /.test(m))).toBe(true)
    // Fewer than 16 points, and arrays of elements, take ffjavascript's own path.
    const small = elements(Fr, 8, 3n)
    expect(Buffer.from((await Fr.fft(small)) as Uint8Array).equals(Buffer.from((await original.fft(small)) as Uint8Array))).toBe(true)
    const array = Array.from({ length: 16 }, (_, i) => input.slice(32 * i, 32 * (i + 1)))
    const got = (await Fr.fft(array)) as Uint8Array[]
    expect(Array.isArray(got)).toBe(true)
    expect(got.map((e) => Buffer.from(e).toString('hex'))).toEqual(((await original.fft(array)) as Uint8Array[]).map((e) => Buffer.from(e).toString('hex')))
  })
})
