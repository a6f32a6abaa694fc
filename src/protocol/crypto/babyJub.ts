/**
 * BabyJubJub (the twisted Edwards curve a·x² + y² = 1 + d·x²·y² over the BN254 scalar field,
 * a = 168700, d = 168696) in pure bigint arithmetic. Points are multiplied in extended
 * coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x·y = T/Z, whose unified addition has no
 * inversion and no exceptional case on this curve (a is a square, d is not), so one inversion
 * per result replaces the two per addition that circomlibjs's affine formulas pay. Tests check
 * every operation against circomlibjs's BabyJub.
 */
import { SNARK_SCALAR_FIELD as P } from '../constants.js'

/** An affine point (x, y). */
export type AffinePoint = readonly [bigint, bigint]

type ExtendedPoint = { X: bigint; Y: bigint; Z: bigint; T: bigint }

const A = 168700n
const D = 168696n

/** The generator of the prime-order subgroup used by circomlib's EdDSA ("Base8"). */
export const BASE8: AffinePoint = [
  5299619240641551281634865583518297030282874472190772894086521144482721001553n,
  16950150798460657717958625567821834550301663161624707787222815936182638968203n,
]

const mod = (x: bigint): bigint => {
  const r = x % P
  return r < 0n ? r + P : r
}

/** x^(p−2) mod p: the inverse of a non-zero field element (Fermat). */
function invert(x: bigint): bigint {
  let result = 1n
  let base = mod(x)
  let exponent = P - 2n
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % P
    base = (base * base) % P
    exponent >>= 1n
  }
  return result
}

function toExtended([x, y]: AffinePoint): ExtendedPoint {
  return { X: x, Y: y, Z: 1n, T: (x * y) % P }
}

function toAffine({ X, Y, Z }: ExtendedPoint): AffinePoint {
  const zInv = invert(Z)
  return [(X * zInv) % P, (Y * zInv) % P]
}

// add-2008-hwcd (unified, complete for this curve).
function add(p: ExtendedPoint, q: ExtendedPoint): ExtendedPoint {
  const a = (p.X * q.X) % P
  const b = (p.Y * q.Y) % P
  const c = (((D * p.T) % P) * q.T) % P
  const d = (p.Z * q.Z) % P
  const e = mod((p.X + p.Y) * (q.X + q.Y) - a - b)
  const f = mod(d - c)
  const g = (d + c) % P
  const h = mod(b - A * a)
  return { X: (e * f) % P, Y: (g * h) % P, T: (e * h) % P, Z: (f * g) % P }
}

// dbl-2008-hwcd.
function double(p: ExtendedPoint): ExtendedPoint {
  const a = (p.X * p.X) % P
  const b = (p.Y * p.Y) % P
  const c = (2n * p.Z * p.Z) % P
  const d = (A * a) % P
  const e = mod((p.X + p.Y) * (p.X + p.Y) - a - b)
  const g = (d + b) % P
  const f = mod(g - c)
  const h = mod(d - b)
  return { X: (e * f) % P, Y: (g * h) % P, T: (e * h) % P, Z: (f * g) % P }
}

const IDENTITY: ExtendedPoint = { X: 0n, Y: 1n, Z: 1n, T: 0n }

function multiplyExtended(point: ExtendedPoint, scalar: bigint): ExtendedPoint {
  let result = IDENTITY
  let addend = point
  let k = scalar
  while (k > 0n) {
    if (k & 1n) result = add(result, addend)
    addend = double(addend)
    k >>= 1n
  }
  return result
}

/** True if (x, y) is a canonical point on the curve. */
export function isOnCurve([x, y]: AffinePoint): boolean {
  if (x < 0n || x >= P || y < 0n || y >= P) return false
  const x2 = (x * x) % P
  const y2 = (y * y) % P
  return mod(A * x2 + y2 - 1n - ((((D * x2) % P) * y2) % P)) === 0n
}

/** scalar · point, for a non-negative scalar. */
export function mulPoint(point: AffinePoint, scalar: bigint): AffinePoint {
  return toAffine(multiplyExtended(toExtended(point), scalar))
}

/** p + q. */
export function addPoints(p: AffinePoint, q: AffinePoint): AffinePoint {
  return toAffine(add(toExtended(p), toExtended(q)))
}

// Fixed-base windows: windows[i][j] = j·16^i·P (64 windows of 4 bits cover any scalar < 2^256),
// so a multiple of P costs at most 63 additions and no doubling. Building them costs ≈ 1k
// additions (a few ms), ≈ 3 windowed multiplications.
function fixedBaseWindows(point: ExtendedPoint): ExtendedPoint[][] {
  const windows: ExtendedPoint[][] = []
  let base = point
  for (let i = 0; i < 64; i++) {
    const row = [IDENTITY, base]
    for (let j = 2; j < 16; j++) row.push(add(row[j - 1]!, base))
    windows.push(row)
    base = double(double(double(double(base))))
  }
  return windows
}

function mulFixed(windows: ExtendedPoint[][], scalar: bigint): ExtendedPoint {
  let result = IDENTITY
  let k = scalar
  for (let i = 0; k > 0n; i++) {
    const nibble = Number(k & 15n)
    if (nibble !== 0) result = add(result, windows[i]![nibble]!)
    k >>= 4n
  }
  return result
}

// B8's windows, built on first use and shared by every verification in this thread.
let base8Windows: ExtendedPoint[][] | undefined

function mulBase8(scalar: bigint): ExtendedPoint {
  base8Windows ??= fixedBaseWindows(toExtended(BASE8))
  return mulFixed(base8Windows, scalar)
}

// Keys that sign often get windows of their own (8·A's), so k·8·A costs what s·B8 does instead of
// 253 doublings: a key's windows are built at its KEY_WINDOWS_AFTER-th verification in a short
// memory of recent keys, and at most MAX_KEY_WINDOWS keys (≈ 200 KB each) keep them, least
// recently used first out. A key seen once or twice pays nothing extra.
const KEY_WINDOWS_AFTER = 4
const MAX_KEY_WINDOWS = 64
const MAX_KEYS_SEEN = 4096
const keyWindows = new Map<string, ExtendedPoint[][]>()
const keysSeen = new Map<string, number>()

/** Re-inserts `key` last (most recent) and drops the oldest entries past `max`. */
function touch<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key)
  map.set(key, value)
  for (const oldest of map.keys()) {
    if (map.size <= max) break
    map.delete(oldest)
  }
}

/** k·8·A, through A's own windows once A has signed often enough. */
function mulA8(a: AffinePoint, k: bigint): ExtendedPoint {
  const id = `${a[0]}:${a[1]}`
  const windows = keyWindows.get(id)
  if (windows) {
    touch(keyWindows, id, windows, MAX_KEY_WINDOWS)
    return mulFixed(windows, k)
  }
  const a8 = double(double(double(toExtended(a))))
  const seen = (keysSeen.get(id) ?? 0) + 1
  if (seen < KEY_WINDOWS_AFTER) {
    touch(keysSeen, id, seen, MAX_KEYS_SEEN)
    return mulWindowed(a8, k)
  }
  keysSeen.delete(id)
  const built = fixedBaseWindows(a8)
  touch(keyWindows, id, built, MAX_KEY_WINDOWS)
  return mulFixed(built, k)
}

// Left-to-right with a 4-bit window: 4 doublings and at most one addition per nibble.
function mulWindowed(point: ExtendedPoint, scalar: bigint): ExtendedPoint {
  const table = [IDENTITY, point]
  for (let j = 2; j < 16; j++) table.push(add(table[j - 1]!, point))
  const nibbles: number[] = []
  for (let k = scalar; k > 0n; k >>= 4n) nibbles.push(Number(k & 15n))
  let result = IDENTITY
  for (let i = nibbles.length - 1; i >= 0; i--) {
    result = double(double(double(double(result))))
    const nibble = nibbles[i]!
    if (nibble !== 0) result = add(result, table[nibble]!)
  }
  return result
}

/** The affine x of 8·point is zero (a low-order key, which circomlib's verifier rejects), computed without inversion. */
export function hasZeroX8(point: AffinePoint): boolean {
  return double(double(double(toExtended(point)))).X === 0n
}

/**
 * True if s·B8 = 8·(R8 + k·A), compared projectively (no inversion): the EdDSA verification
 * equation with k = hm and 8·A folded in, for non-negative s and k. Same answer as
 * `verifyEquation(s, r8, k, 8·A)` (a test checks the two agree), at about half the cost:
 * s·B8 from a fixed-base table and k·8·A by 4-bit windows, or, for a key that signs often, from
 * a fixed-base table of its own (about a third of the cost again).
 */
export function verifyEquationA(s: bigint, r8: AffinePoint, k: bigint, a: AffinePoint): boolean {
  const left = mulBase8(s)
  const right = add(toExtended(r8), mulA8(a, k))
  return (left.X * right.Z) % P === (right.X * left.Z) % P && (left.Y * right.Z) % P === (right.Y * left.Z) % P
}

/**
 * True if s·B8 = R8 + k·A8, compared projectively (no inversion). This is the EdDSA
 * verification equation with k = hm and A8 = 8·A.
 */
export function verifyEquation(s: bigint, r8: AffinePoint, k: bigint, a8: AffinePoint): boolean {
  const left = multiplyExtended(toExtended(BASE8), s)
  const right = add(toExtended(r8), multiplyExtended(toExtended(a8), k))
  return (left.X * right.Z) % P === (right.X * left.Z) % P && (left.Y * right.Z) % P === (right.Y * left.Z) % P
}
