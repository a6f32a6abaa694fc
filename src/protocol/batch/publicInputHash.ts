import { poseidon } from '../crypto/poseidon.js'

/** Everything the single public input of a batch proof commits to (§7.1). */
export type PublicInputs = {
  chainId: bigint
  rollupAddress: bigint
  batchNumber: bigint
  oldStateRoot: bigint
  newStateRoot: bigint
  oldPriorityHash: bigint
  newPriorityHash: bigint
  dataCommitment: bigint
  exitRoot: bigint
  feeAccountIndex: number
}

/**
 * publicInputHash = Poseidon(h1, h2) with h1 = Poseidon(chainId, rollupAddress, batchNumber,
 * oldStateRoot, newStateRoot) and h2 = Poseidon(oldPriorityHash, newPriorityHash,
 * dataCommitment, exitRoot, feeAccountIndex) (§7.1). Needs `loadCrypto()`.
 */
export function publicInputHash(inputs: PublicInputs): bigint {
  const h1 = poseidon([inputs.chainId, inputs.rollupAddress, inputs.batchNumber, inputs.oldStateRoot, inputs.newStateRoot])
  const h2 = poseidon([
    inputs.oldPriorityHash,
    inputs.newPriorityHash,
    inputs.dataCommitment,
    inputs.exitRoot,
    BigInt(inputs.feeAccountIndex),
  ])
  return poseidon([h1, h2])
}
