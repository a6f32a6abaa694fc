import { EMPTY_LEAF } from '../account.js'
import { ACCOUNT_TREE_DEPTH } from '../constants.js'
import { poseidon } from '../crypto/poseidon.js'

let cache: readonly bigint[] | undefined

/**
 * Default nodes of the account tree (§2.2): Z[0] = EMPTY_LEAF, Z[h+1] = Poseidon(Z[h], Z[h]),
 * for h = 0..ACCOUNT_TREE_DEPTH. Z[ACCOUNT_TREE_DEPTH] is the genesis state root. Computed once;
 * needs `loadCrypto()`.
 */
export function zeroHashes(): readonly bigint[] {
  if (cache) return cache
  const z = [EMPTY_LEAF]
  for (let h = 0; h < ACCOUNT_TREE_DEPTH; h++) z.push(poseidon([z[h]!, z[h]!]))
  cache = Object.freeze(z)
  return cache
}

/** The root of the empty account tree, the genesis state root (§2.2). Needs `loadCrypto()`. */
export function emptyStateRoot(): bigint {
  return zeroHashes()[ACCOUNT_TREE_DEPTH]!
}
