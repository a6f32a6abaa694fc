/**
 * EdDSA-Poseidon over BabyJubJub, bit-for-bit circomlibjs `eddsa.prv2pub` / `signPoseidon`
 * (PROTOCOL.md §3.2). Written on our pure-bigint BabyJub (./babyJub.ts, ≈12× faster than
 * circomlibjs's affine arithmetic) with BLAKE-512 from @noble/hashes, so it needs neither Node's
 * Buffer nor the `blake-hash` package. The tests check it against circomlibjs's own
 * `buildEddsa` for random keys and messages.
 *
 * `verifyPoseidon` is at least as strict as circomlib's in-circuit `EdDSAPoseidonVerifier`:
 * the relay must never accept a signature the circuit rejects, or it would sequence a batch
 * nobody can prove.
 */
import { blake512 } from '@noble/hashes/blake1.js'
import { InvalidParameterError } from '../errors.js'
import { assertFieldElement, isFieldElement } from '../field.js'
import { BASE8, hasZeroX8, isOnCurve, mulPoint, verifyEquationA } from './babyJub.js'
import { poseidon } from './poseidon.js'

/** An L2 private key: 32 bytes (PROTOCOL.md §3.1). */
export type L2PrivateKey = Uint8Array

/** A BabyJubJub public key, named as in the account leaf. `(0, 0)` means "no key". */
export type L2PublicKey = { pubAx: bigint; pubAy: bigint }

/** An EdDSA-Poseidon signature (R8x, R8y, S) with S < subgroup order. */
export type Signature = { R8x: bigint; R8y: bigint; S: bigint }

/** BabyJubJub's prime subgroup order (circomlibjs `babyJub.subOrder`). */
export const BABYJUB_SUBORDER =
  2736030358979909402780800718157159386076813972158567259200215660948447373041n

function assertPrivateKey(privateKey: L2PrivateKey): void {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) {
    throw new InvalidParameterError({ parameter: 'L2 private key', reason: 'expected 32 bytes' })
  }
}

function littleEndianToBigint(bytes: Uint8Array): bigint {
  let value = 0n
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!)
  return value
}

function bigintToLittleEndian32(value: bigint): Uint8Array {
  const out = new Uint8Array(32)
  let rest = value
  for (let i = 0; i < 32; i++) {
    out[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
  return out
}

/** BLAKE-512 of the key, pruned as circomlibjs does: the secret scalar s and the nonce seed. */
function expandPrivateKey(privateKey: L2PrivateKey): { s: bigint; seed: Uint8Array } {
  assertPrivateKey(privateKey)
  const h = blake512(privateKey)
  h[0] = h[0]! & 0xf8
  h[31] = (h[31]! & 0x7f) | 0x40
  return { s: littleEndianToBigint(h.subarray(0, 32)), seed: h.slice(32, 64) }
}

/** The public key of an L2 private key: A = Base8 · (s >> 3). Pure (no `loadCrypto()` needed). */
export function l2PublicKey(privateKey: L2PrivateKey): L2PublicKey {
  const { s } = expandPrivateKey(privateKey)
  const [pubAx, pubAy] = mulPoint(BASE8, s >> 3n)
  return { pubAx, pubAy }
}

/** Signs a field element with EdDSA-Poseidon (deterministic nonce, as circomlibjs). Needs `loadCrypto()`. */
export function signPoseidon(privateKey: L2PrivateKey, message: bigint): Signature {
  assertFieldElement(message, 'message')
  const { s, seed } = expandPrivateKey(privateKey)
  const [pubAx, pubAy] = mulPoint(BASE8, s >> 3n)

  const nonceInput = new Uint8Array(64)
  nonceInput.set(seed, 0)
  nonceInput.set(bigintToLittleEndian32(message), 32)
  const r = littleEndianToBigint(blake512(nonceInput)) % BABYJUB_SUBORDER
  const [R8x, R8y] = mulPoint(BASE8, r)

  const hm = poseidon([R8x, R8y, pubAx, pubAy, message])
  const S = (r + hm * s) % BABYJUB_SUBORDER
  return { R8x, R8y, S }
}

/**
 * Verifies an EdDSA-Poseidon signature. Returns false (never throws) for any malformed input:
 * non-canonical coordinates, points off the curve, S ≥ subgroup order, or a public key whose
 * 8-multiple has x = 0 (circomlib's verifier rejects those too). Needs `loadCrypto()`.
 */
export function verifyPoseidon(message: bigint, signature: Signature, publicKey: L2PublicKey): boolean {
  const { R8x, R8y, S } = signature
  const { pubAx, pubAy } = publicKey
  for (const value of [message, R8x, R8y, pubAx, pubAy]) {
    if (typeof value !== 'bigint' || !isFieldElement(value)) return false
  }
  if (typeof S !== 'bigint' || S < 0n || S >= BABYJUB_SUBORDER) return false
  if (!isOnCurve([pubAx, pubAy]) || !isOnCurve([R8x, R8y])) return false

  // The circuit multiplies A by the cofactor and requires a non-zero x: low-order keys fail there.
  if (hasZeroX8([pubAx, pubAy])) return false

  const hm = poseidon([R8x, R8y, pubAx, pubAy, message])
  return verifyEquationA(S, [R8x, R8y], hm, [pubAx, pubAy])
}
