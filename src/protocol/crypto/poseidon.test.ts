import { buildPoseidon } from 'circomlibjs'
import { describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../constants.js'
import { CryptoNotLoadedError, InvalidFieldElementError, InvalidParameterError } from '../errors.js'
import { isCryptoLoaded, loadCrypto } from './loadCrypto.js'
import { poseidon, poseidonHashCount } from './poseidon.js'
import { POSEIDON_WASM_LAYOUT } from './poseidonWasm.generated.js'

describe('poseidon', () => {
  // Runs first in this file, before loadCrypto(): the module-level backend is still empty.
  test('throws CryptoNotLoadedError before loadCrypto()', () => {
    expect(isCryptoLoaded()).toBe(false)
    expect(() => poseidon([1n, 2n])).toThrow(CryptoNotLoadedError)
  })

  test('loadCrypto() is idempotent and shared by concurrent callers', async () => {
    await Promise.all([loadCrypto(), loadCrypto()])
    expect(isCryptoLoaded()).toBe(true)
    await loadCrypto()
  })

  // Known answers: circomlib's published test vectors (circomlibjs test/poseidon.js,
  // poseidon-solidity) for t = 3 and t = 6.
  test('Poseidon(1, 2) matches circomlib', () => {
    expect(poseidon([1n, 2n])).toBe(0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an)
  })

  test('Poseidon(1, 2, 3, 4, 5) matches circomlib', () => {
    expect(poseidon([1n, 2n, 3n, 4n, 5n])).toBe(
      6183221330272524995739186171720101788151706631170188140075976616310159254464n,
    )
  })

  test('Poseidon(1, 2, 3, 4) matches circomlib', () => {
    expect(poseidon([1n, 2n, 3n, 4n])).toBe(0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465n)
  })

  test('input order matters', () => {
    expect(poseidon([1n, 2n])).not.toBe(poseidon([2n, 1n]))
  })

  test('rejects inputs that are not canonical field elements instead of reducing them', () => {
    expect(() => poseidon([SNARK_SCALAR_FIELD, 0n])).toThrow(InvalidFieldElementError)
    expect(() => poseidon([-1n])).toThrow(InvalidFieldElementError)
    expect(poseidon([SNARK_SCALAR_FIELD - 1n, 0n])).toBeTypeOf('bigint')
  })

  test('rejects 0 or more than 16 inputs', () => {
    expect(() => poseidon([])).toThrow(InvalidParameterError)
    expect(() => poseidon(new Array<bigint>(17).fill(0n))).toThrow(InvalidParameterError)
  })

  // Only the arities the protocol hashes carry constants: another one must fail loudly, never
  // read a zero table and return a wrong hash.
  test('rejects an input count it has no round constants for', () => {
    expect(() => poseidon([1n])).toThrow(/no round constants for 1 inputs/)
    expect(() => poseidon([1n, 2n, 3n])).toThrow(InvalidParameterError)
  })

  test('equals circomlibjs buildPoseidon for random inputs of every arity it carries', async () => {
    const reference = await buildPoseidon()
    let seed = 0x1234_5678_9abc_def0n
    const next = () => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 256n)
      return seed % SNARK_SCALAR_FIELD
    }
    for (const n of POSEIDON_WASM_LAYOUT.arities) {
      for (let i = 0; i < 20; i++) {
        const inputs = Array.from({ length: n }, next)
        if (i === 0) inputs.fill(SNARK_SCALAR_FIELD - 1n)
        expect(poseidon(inputs)).toBe(reference.F.toObject(reference(inputs)))
      }
    }
  })

  test('counts hashes', () => {
    const before = poseidonHashCount()
    poseidon([3n, 4n])
    poseidon([4n, 5n])
    expect(poseidonHashCount() - before).toBe(2)
  })
})
