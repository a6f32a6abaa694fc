// Every point and scalar the verifier accepts is checked here (G2 subgroup membership in
// g2Lines.ts), before any pairing: a proof is untrusted input, and snarkjs's own verifier
// accepts coordinates ≥ q (it reduces them) and never checks that B lies in G2's prime-order
// subgroup.
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

/**
 * A G2 point from snarkjs's JSON `[[x0, x1], [y0, y1], ["1", "0"]]`: canonical coordinates,
 * not infinity, on the twist (affine encoding). Subgroup membership is checked when its lines
 * are prepared for the pairing (`g2Lines`), which every G2 point the verifier uses goes through.
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
