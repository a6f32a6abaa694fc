import { type Eddsa, buildEddsa } from 'circomlibjs'
import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../constants.js'
import { InvalidParameterError } from '../errors.js'
import { BABYJUB_SUBORDER, l2PublicKey, signPoseidon, verifyPoseidon } from './eddsa.js'
import { loadCrypto } from './loadCrypto.js'

// Our EdDSA must be circomlibjs's EdDSA bit for bit (the circuit verifies circomlib's scheme);
// circomlibjs's own buildEddsa (Node-only: it uses Buffer and blake-hash) is the reference.
let reference: Eddsa

beforeAll(async () => {
  await loadCrypto()
  reference = await buildEddsa()
})

const key = (seed: number) => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = (seed * 131 + i * 7) & 0xff
  return out
}

describe('EdDSA-Poseidon', () => {
  test('public keys and signatures equal circomlibjs for random keys and messages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.bigInt({ min: 0n, max: SNARK_SCALAR_FIELD - 1n }), (privateKey, message) => {
        const F = reference.F
        const refPub = reference.prv2pub(privateKey)
        const pub = l2PublicKey(privateKey)
        expect(pub).toEqual({ pubAx: F.toObject(refPub[0]), pubAy: F.toObject(refPub[1]) })

        const refSig = reference.signPoseidon(privateKey, F.e(message))
        const sig = signPoseidon(privateKey, message)
        expect(sig).toEqual({ R8x: F.toObject(refSig.R8[0]), R8y: F.toObject(refSig.R8[1]), S: refSig.S })
        expect(verifyPoseidon(message, sig, pub)).toBe(true)
      }),
      { numRuns: 6 },
    )
  })

  test('circomlibjs verifies our signatures', () => {
    const F = reference.F
    const sig = signPoseidon(key(1), 42n)
    const pub = l2PublicKey(key(1))
    const ok = reference.verifyPoseidon(F.e(42n), { R8: [F.e(sig.R8x), F.e(sig.R8y)], S: sig.S }, [F.e(pub.pubAx), F.e(pub.pubAy)])
    expect(ok).toBe(true)
  })

  test('signing is deterministic', () => {
    expect(signPoseidon(key(2), 7n)).toEqual(signPoseidon(key(2), 7n))
  })

  test('fails for another message, another key, or any altered component', () => {
    const sig = signPoseidon(key(3), 1000n)
    const pub = l2PublicKey(key(3))
    expect(verifyPoseidon(1000n, sig, pub)).toBe(true)
    expect(verifyPoseidon(1001n, sig, pub)).toBe(false)
    expect(verifyPoseidon(1000n, sig, l2PublicKey(key(4)))).toBe(false)
    expect(verifyPoseidon(1000n, { ...sig, S: (sig.S + 1n) % BABYJUB_SUBORDER }, pub)).toBe(false)
    expect(verifyPoseidon(1000n, { ...sig, R8x: sig.R8x + 1n }, pub)).toBe(false)
  })

  test('rejects S ≥ subgroup order (the malleable twin S + ℓ)', () => {
    const sig = signPoseidon(key(5), 9n)
    const pub = l2PublicKey(key(5))
    expect(verifyPoseidon(9n, { ...sig, S: sig.S + BABYJUB_SUBORDER }, pub)).toBe(false)
  })

  test('rejects non-canonical coordinates (x + r)', () => {
    const sig = signPoseidon(key(6), 9n)
    const pub = l2PublicKey(key(6))
    expect(verifyPoseidon(9n, { ...sig, R8x: sig.R8x + SNARK_SCALAR_FIELD }, pub)).toBe(false)
    expect(verifyPoseidon(9n, sig, { ...pub, pubAx: pub.pubAx + SNARK_SCALAR_FIELD })).toBe(false)
    expect(verifyPoseidon(9n + SNARK_SCALAR_FIELD, sig, pub)).toBe(false)
  })

  test('rejects the "no key" point (0, 0) and points off the curve', () => {
    const sig = signPoseidon(key(7), 9n)
    expect(verifyPoseidon(9n, sig, { pubAx: 0n, pubAy: 0n })).toBe(false)
    expect(verifyPoseidon(9n, sig, { pubAx: 1n, pubAy: 2n })).toBe(false)
  })

  test('rejects a low-order public key, which circomlib\'s verifier rejects (8·A has x = 0)', () => {
    // The identity (0, 1) is a low-order point: with it, S·B8 = R8 is a "signature" of every
    // message. circomlibjs's verifyPoseidon accepts that; the circuit and our verifier do not.
    const F = reference.F
    const forged = { R8x: 0n, R8y: 1n, S: 0n }
    const identity = { pubAx: 0n, pubAy: 1n }
    expect(reference.verifyPoseidon(F.e(5n), { R8: [F.e(0n), F.e(1n)], S: 0n }, [F.e(0n), F.e(1n)])).toBe(true)
    expect(verifyPoseidon(5n, forged, identity)).toBe(false)
  })

  test('rejects a private key that is not 32 bytes', () => {
    expect(() => l2PublicKey(new Uint8Array(31))).toThrow(InvalidParameterError)
    expect(() => signPoseidon(new Uint8Array(33), 1n)).toThrow(InvalidParameterError)
  })
})
