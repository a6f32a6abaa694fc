import { keccak_256 } from '@noble/hashes/sha3.js'
import { SNARK_SCALAR_FIELD } from '../constants.js'
import { InvalidFieldElementError, InvalidParameterError } from '../errors.js'
import { bigintToBytes, bytesToBigint } from '../field.js'

/** Words per proof in the transcript: [A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y] (§8). */
const PROOF_WORDS = 8
const WEIGHT_MASK = (1n << 128n) - 1n

/**
 * The Fiat–Shamir weights ρ_0…ρ_{k−1} of batch verification (§7.4), exactly as the BatchVerifier
 * computes them. Transcript bytes: every input of every proof (proof 0's inputs in order, then
 * proof 1's, …), then every proof's 8 words in Solidity order, each value a 32-byte big-endian
 * word (the same bytes as Solidity `abi.encodePacked(uint256[] inputs, uint256[8][] proofs)`).
 * `t = keccak256(transcript)`, `ρ_i = (uint256(keccak256(t ‖ uint256 i)) mod 2^128) + 1`, i
 * 0-based as a 32-byte big-endian word. `inputs[i]` is what the verifier receives for proof i: the
 * §7.1 vector without the FOLDED_PUBLIC_INPUTS leading values (chainId, rollupAddress), which
 * its constant term already holds. Inputs must be < r (InvalidFieldElementError), proof words
 * < 2^256, every proof with the same number of inputs (InvalidParameterError).
 */
export function batchVerificationWeights(inputs: readonly (readonly bigint[])[], proofs: readonly (readonly bigint[])[]): bigint[] {
  const k = proofs.length
  if (k === 0 || inputs.length !== k) {
    throw new InvalidParameterError({ parameter: 'proofs', reason: `expected k ≥ 1 proofs and one input vector each, got ${k} and ${inputs.length}` })
  }
  const perProof = inputs[0]!.length
  const words: bigint[] = []
  inputs.forEach((vector, i) => {
    if (vector.length !== perProof) {
      throw new InvalidParameterError({ parameter: 'inputs', reason: `proof ${i} has ${vector.length} inputs, proof 0 has ${perProof}` })
    }
    vector.forEach((value, j) => {
      if (typeof value !== 'bigint' || value < 0n || value >= SNARK_SCALAR_FIELD) {
        throw new InvalidFieldElementError({ what: `input ${j} of proof ${i}`, value })
      }
      words.push(value)
    })
  })
  proofs.forEach((proof, i) => {
    if (proof.length !== PROOF_WORDS) {
      throw new InvalidParameterError({ parameter: 'proofs', reason: `proof ${i} has ${proof.length} words, expected ${PROOF_WORDS}` })
    }
    for (const word of proof) {
      if (typeof word !== 'bigint' || word < 0n || word >= 1n << 256n) {
        throw new InvalidParameterError({ parameter: 'proofs', reason: `proof ${i} has a word outside [0, 2^256)` })
      }
      words.push(word)
    }
  })
  const transcript = new Uint8Array(32 * words.length)
  words.forEach((word, n) => transcript.set(bigintToBytes(word, 32), 32 * n))
  const t = keccak_256(transcript)
  const weights: bigint[] = []
  const seed = new Uint8Array(64)
  seed.set(t, 0)
  for (let i = 0; i < k; i++) {
    seed.set(bigintToBytes(BigInt(i), 32), 32)
    weights.push((bytesToBigint(keccak_256(seed)) & WEIGHT_MASK) + 1n)
  }
  return weights
}
