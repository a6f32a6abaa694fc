import { poseidon } from '../crypto/poseidon.js'
import { padBatchSlots } from '../tx/batchTxs.js'

/**
 * The data commitment of a batch (§6.1 step 3): D[0] = 0, D[j+1] = Poseidon(D[j], packed_j)
 * over all BATCH_SLOTS slots, missing slots being 0. Needs `loadCrypto()`.
 */
export function dataCommitment(packed: readonly bigint[]): bigint {
  return padBatchSlots(packed).reduce((d, slot) => poseidon([d, slot]), 0n)
}
