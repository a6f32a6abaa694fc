/**
 * An L2 "public key" an attacker could register on L1 to brick circomlib's EdDSA verifier.
 *
 * REGISTER_KEY accepts any pair of field elements other than (0, 0). circomlib's
 * EdDSAPoseidonVerifier multiplies the key by 8 with Edwards doubling formulas and then
 * converts it to Montgomery form, computing (1 + y)/(1 − y) and doubling with a division by
 * the Montgomery v = u/x. For a point whose 8-multiple has y = −1 (so v = 0), that division
 * has no solution and witness generation fails, even when the verifier is disabled. Such a
 * pair is off the curve, and easy to find by inverting the doubling formulas three times.
 *
 * If the batch circuit fed the leaf's key to its (disabled) verifier in priority slots, one
 * registration plus one deposit would make the priority queue unprovable and push the rollup
 * into the escape hatch. The circuit feeds disabled slots the base point instead; the tests
 * use this key to show both the failure mode and that the batch circuit is immune to it.
 */
import { SNARK_SCALAR_FIELD } from '../../src/protocol/constants.js'

const p = SNARK_SCALAR_FIELD
const A = 168700n
const D = 168696n

const mod = (x: bigint): bigint => ((x % p) + p) % p
function pow(base: bigint, exponent: bigint): bigint {
  let result = 1n
  let b = mod(base)
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % p
    b = (b * b) % p
  }
  return result
}
const inv = (x: bigint): bigint => pow(x, p - 2n)

/** A square root mod p (Tonelli–Shanks), or null when x is not a square. */
function sqrt(x: bigint): bigint | null {
  const n = mod(x)
  if (n === 0n) return 0n
  if (pow(n, (p - 1n) / 2n) !== 1n) return null
  let q = p - 1n
  let s = 0n
  while ((q & 1n) === 0n) {
    q >>= 1n
    s++
  }
  let z = 2n
  while (pow(z, (p - 1n) / 2n) !== p - 1n) z++
  let m = s
  let c = pow(z, q)
  let t = pow(n, q)
  let root = pow(n, (q + 1n) / 2n)
  while (t !== 1n) {
    let i = 0n
    for (let t2 = t; t2 !== 1n; t2 = (t2 * t2) % p) i++
    const b = pow(c, 1n << (m - i - 1n))
    m = i
    c = (b * b) % p
    t = (t * c) % p
    root = (root * b) % p
  }
  return root
}

type Pair = readonly [bigint, bigint]

/** circomlib's BabyDbl on any pair: x' = 2xy/(1 + d·x²y²), y' = (y² − a·x²)/(1 − d·x²y²). */
export function babyDouble([x, y]: Pair): Pair {
  const xy = (x * y) % p
  const t = (xy * xy) % p
  return [mod(2n * xy * inv(1n + D * t)), mod((y * y - A * x * x) * inv(1n - D * t))]
}

/** Every pair that BabyDbl maps to (X, Y). */
function halves([X, Y]: Pair): Pair[] {
  const out: Pair[] = []
  const s = sqrt(1n - D * X * X)
  if (s === null) return out
  for (const ws of [s, mod(-s)]) {
    const w = mod((1n + ws) * inv(D * X)) // w = xy
    const c = mod(Y * (1n - D * w * w)) // y² − a·x² = c, with x²·y² = w²
    const s2 = sqrt(c * c + 4n * A * w * w)
    if (s2 === null) continue
    for (const us of [s2, mod(-s2)]) {
      const x = sqrt(mod((us - c) * inv(2n * A)))
      if (x === null || x === 0n) continue
      out.push([x, mod(w * inv(x))])
    }
  }
  return out
}

/** The first pair (pubAx, pubAy) whose circomlib 8-multiple is (X, −1) for a small X ≠ 0. */
export function montgomeryBreakingKey(): { pubAx: bigint; pubAy: bigint } {
  for (let X = 2n; X < 1000n; X++) {
    let level: Pair[] = [[X, p - 1n]]
    for (let k = 0; k < 3 && level.length > 0; k++) level = level.flatMap(halves)
    const key = level[0]
    if (key) return { pubAx: key[0], pubAy: key[1] }
  }
  throw new Error('no key found')
}
