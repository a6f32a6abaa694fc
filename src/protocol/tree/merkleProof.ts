import { poseidon } from '../crypto/poseidon.js'
import { isFieldElement } from '../field.js'

/**
 * The root reached from `leaf` at `index` with `siblings` (leaf-side first): bit k of the index
 * says whether the node at height k is a right child (§2.2). Used for the account tree and the
 * exit tree alike. Needs `loadCrypto()`.
 */
export function computeMerkleRoot(leaf: bigint, index: number, siblings: readonly bigint[]): bigint {
  let node = leaf
  for (let k = 0; k < siblings.length; k++) {
    const sibling = siblings[k]!
    node = ((index >> k) & 1) === 1 ? poseidon([sibling, node]) : poseidon([node, sibling])
  }
  return node
}

/** True if `siblings` prove `leaf` at `index` under `root` (index must fit the proof's depth). */
export function verifyMerkleProof(root: bigint, leaf: bigint, index: number, siblings: readonly bigint[]): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** siblings.length) return false
  if (![root, leaf, ...siblings].every((value) => typeof value === 'bigint' && isFieldElement(value))) return false
  return computeMerkleRoot(leaf, index, siblings) === root
}
