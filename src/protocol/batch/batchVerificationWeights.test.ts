import { encodePacked, keccak256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../constants.js'
import { InvalidFieldElementError, InvalidParameterError } from '../errors.js'
import { batchVerificationWeights } from './batchVerificationWeights.js'

const inputs = [
  [1n, 2n, 3n],
  [4n, 5n, SNARK_SCALAR_FIELD - 1n],
]
const proofs = [
  [11n, 12n, 13n, 14n, 15n, 16n, 17n, 18n],
  [21n, 22n, 23n, 24n, 25n, 26n, 27n, (1n << 256n) - 1n],
]

/** The Solidity reading: t = keccak256(abi.encodePacked(inputs, proofs)), ρ_i from keccak256(abi.encode(t, i)). */
function reference(ins: bigint[][], prs: bigint[][]): bigint[] {
  const t = keccak256(encodePacked(['uint256[]', 'uint256[]'], [ins.flat(), prs.flat()]))
  return prs.map((_, i) => (BigInt(keccak256(encodePacked(['bytes32', 'uint256'], [t, BigInt(i)]))) % 2n ** 128n) + 1n)
}

describe('batchVerificationWeights (§7.4)', () => {
  test('t = keccak256(all inputs ‖ all proof words), ρ_i = (keccak256(t ‖ uint256 i) mod 2^128) + 1', () => {
    const weights = batchVerificationWeights(inputs, proofs)
    expect(weights).toEqual(reference(inputs, proofs))
    for (const w of weights) expect(w >= 1n && w <= 2n ** 128n).toBe(true)
    expect(new Set(weights).size).toBe(2)
  })

  test('known answer for k = 1 (pins the encoding)', () => {
    const t = keccak256(`0x${[7n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n].map((w) => w.toString(16).padStart(64, '0')).join('')}`)
    const rho = (BigInt(keccak256(`${t}${'00'.repeat(32)}`)) & ((1n << 128n) - 1n)) + 1n
    expect(batchVerificationWeights([[7n]], [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]])).toEqual([rho])
  })

  test('every input and every proof word changes every weight', () => {
    const w = batchVerificationWeights(inputs, proofs)
    const swappedInput = [inputs[0]!, [5n, 4n, inputs[1]![2]!]]
    const swappedProofs = [proofs[1]!, proofs[0]!]
    const swappedInputs = [inputs[1]!, inputs[0]!]
    for (const [ins, prs] of [
      [swappedInput, proofs],
      [inputs, swappedProofs],
      [swappedInputs, proofs],
    ] as const) {
      const other = batchVerificationWeights(ins, prs)
      expect(other[0]).not.toBe(w[0])
      expect(other[1]).not.toBe(w[1])
    }
  })

  test('refuses inputs ≥ r, bad proof words and mismatched shapes', () => {
    expect(() => batchVerificationWeights([[SNARK_SCALAR_FIELD]], [proofs[0]!])).toThrow(InvalidFieldElementError)
    expect(() => batchVerificationWeights([[-1n]], [proofs[0]!])).toThrow(InvalidFieldElementError)
    expect(() => batchVerificationWeights([[1n]], [[...proofs[0]!.slice(0, 7), 1n << 256n]])).toThrow(InvalidParameterError)
    expect(() => batchVerificationWeights([[1n]], [proofs[0]!.slice(0, 7)])).toThrow(InvalidParameterError)
    expect(() => batchVerificationWeights([[1n], [1n, 2n]], proofs)).toThrow(InvalidParameterError)
    expect(() => batchVerificationWeights([[1n]], proofs)).toThrow(InvalidParameterError)
    expect(() => batchVerificationWeights([], [])).toThrow(InvalidParameterError)
  })
})
