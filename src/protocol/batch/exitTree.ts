/**
 * The per-batch exit tree (PROTOCOL.md §6.2): depth EXIT_TREE_DEPTH, leaf j belongs to slot j,
 * `Poseidon(address, amount)` for a WITHDRAW or FORCED_EXIT in that slot, else 0.
 */
import { BATCH_SLOTS, EXIT_TREE_DEPTH } from '../constants.js'
import { poseidon } from '../crypto/poseidon.js'
import { InvalidParameterError } from '../errors.js'
import { computeMerkleRoot } from '../tree/merkleProof.js'

/** A withdrawal claimable on L1: paid `amount` gwei × 10^9 wei to `address`. */
export type Exit = { address: bigint; amount: bigint }

/** exitLeaf = Poseidon(address, amount). Needs `loadCrypto()`. */
export function exitLeafHash(exit: Exit): bigint {
  return poseidon([exit.address, exit.amount])
}

function leavesOf(exits: readonly (Exit | null)[]): bigint[] {
  if (exits.length > BATCH_SLOTS) {
    throw new InvalidParameterError({ parameter: 'exits', reason: `at most ${BATCH_SLOTS} slots` })
  }
  const leaves = exits.map((exit) => (exit === null ? 0n : exitLeafHash(exit)))
  while (leaves.length < BATCH_SLOTS) leaves.push(0n)
  return leaves
}

let emptySubtrees: readonly bigint[] | undefined

/** E[h], the node over an exit-free subtree of height h: E[0] = 0, E[h+1] = Poseidon(E[h], E[h]). */
function emptyExitSubtrees(): readonly bigint[] {
  if (emptySubtrees) return emptySubtrees
  const e = [0n]
  for (let h = 0; h < EXIT_TREE_DEPTH; h++) e.push(poseidon([e[h]!, e[h]!]))
  emptySubtrees = Object.freeze(e)
  return emptySubtrees
}

/** Every level of the exit tree, leaves first, root last. */
function exitTreeLevels(exits: readonly (Exit | null)[]): bigint[][] {
  const levels = [leavesOf(exits)]
  // Most batches have no exit: their empty subtrees are known, not rehashed.
  const empty = emptyExitSubtrees()
  for (let h = 0; h < EXIT_TREE_DEPTH; h++) {
    const below = levels[h]!
    const level: bigint[] = []
    for (let i = 0; i < below.length; i += 2) {
      const left = below[i]!
      const right = below[i + 1]!
      level.push(left === empty[h] && right === empty[h] ? empty[h + 1]! : poseidon([left, right]))
    }
    levels.push(level)
  }
  return levels
}

/** The exit root of a batch from its per-slot exits (null = no exit; missing slots = null). Needs `loadCrypto()`. */
export function exitRoot(exits: readonly (Exit | null)[]): bigint {
  return exitTreeLevels(exits)[EXIT_TREE_DEPTH]![0]!
}

/** The Merkle proof (siblings leaf-side first) of slot `slot`'s exit leaf, for an L1 claim. Needs `loadCrypto()`. */
export function exitProof(exits: readonly (Exit | null)[], slot: number): bigint[] {
  if (!Number.isInteger(slot) || slot < 0 || slot >= BATCH_SLOTS) {
    throw new InvalidParameterError({ parameter: 'slot', reason: `expected an integer in [0, ${BATCH_SLOTS})` })
  }
  const levels = exitTreeLevels(exits)
  const siblings: bigint[] = []
  for (let h = 0; h < EXIT_TREE_DEPTH; h++) siblings.push(levels[h]![(slot >> h) ^ 1]!)
  return siblings
}

/** True if `siblings` prove `exit` as slot `slot`'s leaf under `root`. Needs `loadCrypto()`. */
export function verifyExitProof(root: bigint, slot: number, exit: Exit, siblings: readonly bigint[]): boolean {
  if (siblings.length !== EXIT_TREE_DEPTH || !Number.isInteger(slot) || slot < 0 || slot >= BATCH_SLOTS) return false
  try {
    return computeMerkleRoot(exitLeafHash(exit), slot, siblings) === root
  } catch {
    return false // a value that is not a canonical field element is in no exit tree
  }
}
