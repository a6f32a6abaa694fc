// Every point and scalar the verifier accepts is checked here, before any pairing: a proof is
// untrusted input, and snarkjs's own verifier accepts coordinates ≥ q (it reduces them) and
// never checks that B lies in G2's prime-order subgroup.
import type { WasmBn128 } from 'ffjavascript'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { InvalidProofFormatError } from './errors.js'
import { BN254_BASE_FIELD } from './parseProof.js'

const DECIMAL = /^(0|[1-9][0-9]*)$/

function coordinate(value: unknown, what: string, where: string): bigint {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new InvalidProofFormatError({ what, reason: `${where} is not a decimal integer string` })
  }
  const x = BigInt(value)
  if (x >= BN254_BASE_FIELD) throw new InvalidProofFormatError({ what, reason: `${where} is not below the base field modulus q` })
  return x
}

function tuple(value: unknown, length: number, what: string, where: string): readonly unknown[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new InvalidProofFormatError({ what, reason: `${where} must be an array of ${length}` })
  }
  return value as unknown[]
}

/**
 * A G1 point from snarkjs's JSON `[x, y, "1"]` (affine, as snarkjs writes proofs and keys):
 * canonical coordinates, not the point at infinity, on y² = x³ + 3. G1 has cofactor 1, so
 * on the curve is in the group.
 */
export function toG1(curve: WasmBn128, value: unknown, what: string, where: string): Uint8Array {
  const [x, y, z] = tuple(value, 3, what, where)
  const point = [coordinate(x, what, `${where}[0]`), coordinate(y, what, `${where}[1]`)]
  if (coordinate(z, what, `${where}[2]`) !== 1n) throw new InvalidProofFormatError({ what, reason: `${where} is not an affine point (z ≠ 1)` })
  const encoded = curve.G1.fromObject([point[0]!, point[1]!])
  if (!curve.G1.isValid(encoded)) throw new InvalidProofFormatError({ what, reason: `${where} is not on the curve` })
  return encoded
}

/** BN254's curve parameter x₀ (the BN polynomials' seed). */
const BN_X = 4965661367192848881n

const psiConstants = new WeakMap<WasmBn128, { cx: Uint8Array; cy: Uint8Array }>()

/**
 * ψ = untwist ∘ Frobenius ∘ twist on BN254's twist, on Jacobian coordinates:
 * (X, Y, Z) ↦ (X̄·ξ^((p−1)/3), Ȳ·ξ^((p−1)/2), Z̄) with ξ = 9 + u and ā the conjugate.
 */
function psi(curve: WasmBn128, point: Uint8Array): Uint8Array {
  const { F1, F2 } = curve
  let constants = psiConstants.get(curve)
  if (!constants) {
    const xi = F2.fromObject([9n, 1n])
    constants = { cx: F2.exp(xi, (BN254_BASE_FIELD - 1n) / 3n), cy: F2.exp(xi, (BN254_BASE_FIELD - 1n) / 2n) }
    psiConstants.set(curve, constants)
  }
  const jacobian = point.length === 192 ? point : curve.G2.toJacobian(point)
  const conjugate = (at: number) => {
    const out = jacobian.slice(at, at + 64)
    out.set(F1.neg(out.subarray(32, 64)), 32)
    return out
  }
  const out = new Uint8Array(192)
  out.set(F2.mul(conjugate(0), constants.cx))
  out.set(F2.mul(conjugate(64), constants.cy), 64)
  out.set(conjugate(128), 128)
  return out
}

/**
 * Q ∈ G2 ⇔ [x₀+1]Q + ψ([x₀]Q) + ψ²([x₀]Q) = ψ³([2x₀]Q), for Q on the BN254 twist (El Housni,
 * Guillevic, Piellard, "Co-factor clearing and subgroup membership testing on pairing-friendly
 * curves", ePrint 2022/348, §3 and §5.1 — gnark-crypto's test): one 63-bit scalar
 * multiplication instead of [r]Q's 254 bits. The tests compare it with [r]Q = O.
 */
export function inG2Subgroup(curve: WasmBn128, point: Uint8Array): boolean {
  const { G2 } = curve
  const xQ = G2.timesScalar(point, BN_X)
  const psiXQ = psi(curve, xQ)
  const lhs = G2.add(G2.add(G2.add(xQ, point), psiXQ), psi(curve, psiXQ))
  const rhs = psi(curve, psi(curve, psi(curve, G2.double(xQ))))
  return G2.eq(lhs, rhs)
}

/**
 * A G2 point from snarkjs's JSON `[[x0, x1], [y0, y1], ["1", "0"]]`: canonical coordinates,
 * not infinity, on the twist, and in the order-r subgroup. The twist's cofactor is
 * ≈ 2^254, so a point off the subgroup is a real possibility that on-curve checks miss.
 */
export function toG2(curve: WasmBn128, value: unknown, what: string, where: string): Uint8Array {
  const [x, y, z] = tuple(value, 3, what, where)
  const fq2 = (v: unknown, at: string): bigint[] => {
    const [c0, c1] = tuple(v, 2, what, at)
    return [coordinate(c0, what, `${at}[0]`), coordinate(c1, what, `${at}[1]`)]
  }
  const px = fq2(x, `${where}[0]`)
  const py = fq2(y, `${where}[1]`)
  const pz = fq2(z, `${where}[2]`)
  if (pz[0] !== 1n || pz[1] !== 0n) throw new InvalidProofFormatError({ what, reason: `${where} is not an affine point (z ≠ 1)` })
  const encoded = curve.G2.fromObject([px, py])
  if (!curve.G2.isValid(encoded)) throw new InvalidProofFormatError({ what, reason: `${where} is not on the curve` })
  if (!inG2Subgroup(curve, encoded)) {
    throw new InvalidProofFormatError({ what, reason: `${where} is not in the order-r subgroup of G2` })
  }
  return encoded
}

/** A public signal as a canonical field element (< r): decimal strings and bigints only. */
export function toPublicSignal(value: unknown, index: number): bigint {
  let x: bigint
  if (typeof value === 'bigint') x = value
  else if (typeof value === 'string' && DECIMAL.test(value)) x = BigInt(value)
  else throw new InvalidProofFormatError({ what: 'public signals', reason: `signal ${index} is not a decimal string or bigint` })
  // EVM-style verifiers reduce inputs mod r, so x and x + r would both pass there: refuse.
  if (x < 0n || x >= SNARK_SCALAR_FIELD) {
    throw new InvalidProofFormatError({ what: 'public signals', reason: `signal ${index} is not below the scalar field modulus r` })
  }
  return x
}

/** Little-endian `size`-byte encodings of scalars, concatenated (the multi-exponentiation's input). */
export function scalarBytes(values: readonly bigint[], size = 32): Uint8Array {
  const out = new Uint8Array(size * values.length)
  values.forEach((value, i) => {
    let v = value
    for (let j = 0; j < size; j++) {
      out[size * i + j] = Number(v & 0xffn)
      v >>= 8n
    }
  })
  return out
}
