/**
 * circomlib's Poseidon (x^5 S-box, t = inputs + 1), the hash of every tree node, leaf,
 * commitment and signature message of the protocol (PROTOCOL.md notation).
 */
import { InvalidParameterError } from '../errors.js'
import { assertFieldElement } from '../field.js'
import { cryptoBackend } from './loadCrypto.js'

let hashCount = 0

/** How many Poseidon hashes this module has computed so far (for tests and benchmarks). */
export function poseidonHashCount(): number {
  return hashCount
}

/**
 * Poseidon of canonical field elements, as a bigint. Synchronous; needs `loadCrypto()`. Only the
 * input counts the protocol hashes (2, 4, 5) carry round constants; any other throws
 * InvalidParameterError saying how to add it.
 * Inputs ≥ r are rejected rather than reduced: the protocol never hashes a non-canonical value,
 * and silently reducing would let `v` and `v + r` collide.
 */
export function poseidon(inputs: readonly bigint[]): bigint {
  const { poseidon: hash } = cryptoBackend()
  hashCount++
  if (inputs.length < 1 || inputs.length > 16) {
    throw new InvalidParameterError({ parameter: 'poseidon inputs', reason: `expected 1 to 16 inputs, got ${inputs.length}` })
  }
  for (const input of inputs) assertFieldElement(input, 'Poseidon input')
  return hash(inputs)
}
