import * as snarkjs from 'snarkjs'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { InvalidProofFormatError } from './errors.js'
import { parseGroth16Proof } from './parseProof.js'
import type { Groth16VerificationKey } from './types.js'
import { BATCH_VERIFICATION_KEY } from './verificationKey.js'

export type VerifyBatchProofErrorType = InvalidProofFormatError

/**
 * Check a batch proof against its public input hash (PROTOCOL.md §7.1).
 *
 * The key defaults to the one pinned in this package (`BATCH_VERIFICATION_KEY`): pass another
 * key only in tests. Returns false for a proof that does not verify; throws
 * `InvalidProofFormatError` for input that is not a proof at all, or a public input outside
 * the field (the Solidity verifier rejects those too, and the contract reduces its hash first).
 */
export async function verifyBatchProof(
  proof: unknown,
  publicInputHash: bigint,
  verificationKey: Groth16VerificationKey = BATCH_VERIFICATION_KEY,
): Promise<boolean> {
  const parsed = parseGroth16Proof(proof)
  if (publicInputHash < 0n || publicInputHash >= SNARK_SCALAR_FIELD) {
    throw new InvalidProofFormatError({ what: 'public input hash', reason: 'not a field element' })
  }
  // snarkjs folds as many IC points as it is given public signals and does not compare that
  // count with nPublic: pin it, so a key for another circuit shape can never be used here.
  if (verificationKey.nPublic !== 1 || verificationKey.IC.length !== 2) {
    throw new InvalidProofFormatError({ what: 'verification key', reason: 'expected exactly one public input' })
  }
  return snarkjs.groth16.verify(verificationKey, [publicInputHash.toString()], parsed)
}
