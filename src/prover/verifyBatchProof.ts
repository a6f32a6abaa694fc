import * as snarkjs from 'snarkjs'
import { SNARK_SCALAR_FIELD } from '../protocol/constants.js'
import { InvalidProofFormatError } from './errors.js'
import { parseGroth16Proof } from './parseProof.js'
import { snarkjsCurveReady } from './snarkjsCurve.js'
import type { Groth16VerificationKey } from './types.js'
import { BATCH_VERIFICATION_KEY } from './verificationKey.js'

export type VerifyBatchProofErrorType = InvalidProofFormatError

/**
 * Check a batch proof against its public inputs (the §7.1 vector, e.g. `BatchResult.publicInputs`).
 *
 * The key defaults to the one pinned in this package (`BATCH_VERIFICATION_KEY`): pass another
 * key only in tests. Returns false for a proof that does not verify; throws
 * `InvalidProofFormatError` for input that is not a proof at all, a vector whose length is not
 * the key's `nPublic`, a public input outside [0, r) (the contract refuses those too: scalar
 * multiplication would reduce them mod r), or a key whose IC does not have `nPublic + 1` points.
 */
export async function verifyBatchProof(
  proof: unknown,
  publicInputs: readonly bigint[],
  verificationKey: Groth16VerificationKey = BATCH_VERIFICATION_KEY,
): Promise<boolean> {
  const parsed = parseGroth16Proof(proof)
  const { nPublic } = verificationKey
  // snarkjs folds as many IC points as it is given public signals and compares neither count
  // with nPublic: check both, so a vector of another length can never verify by truncation.
  if (!Number.isInteger(nPublic) || nPublic < 1 || verificationKey.IC.length !== nPublic + 1) {
    throw new InvalidProofFormatError({ what: 'verification key', reason: `IC has ${verificationKey.IC.length} points for nPublic = ${nPublic}` })
  }
  if (!Array.isArray(publicInputs) || publicInputs.length !== nPublic) {
    throw new InvalidProofFormatError({ what: 'public inputs', reason: `expected ${nPublic} values, got ${Array.isArray(publicInputs) ? publicInputs.length : typeof publicInputs}` })
  }
  publicInputs.forEach((value, index) => {
    if (typeof value !== 'bigint' || value < 0n || value >= SNARK_SCALAR_FIELD) {
      throw new InvalidProofFormatError({ what: 'public inputs', reason: `input ${index} is not a field element` })
    }
  })
  await snarkjsCurveReady()
  return snarkjs.groth16.verify(verificationKey, publicInputs.map((value) => value.toString()), parsed)
}
