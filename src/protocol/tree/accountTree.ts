/**
 * The account tree (PROTOCOL.md §2.2): a sparse Poseidon Merkle tree of depth
 * ACCOUNT_TREE_DEPTH over a KVStore.
 *
 * Storage layout (under an optional key prefix):
 * - `account/<index>` → the 96-byte account encoding (absent = empty account);
 * - `node/<height>/<position>` → 32-byte big-endian node hash (absent = the default Z[height]);
 *   height 0 holds leaf hashes, height ACCOUNT_TREE_DEPTH position 0 is the root.
 * Every node on a written path is stored, so an update reads its DEPTH siblings and computes
 * exactly DEPTH + 1 hashes (the leaf and each ancestor); nothing is ever hashed twice. Nodes
 * equal to their default are deleted, so the store's content depends only on the state, not
 * on the order it was reached.
 *
 * `writeAccount` defers that hashing: it marks the leaf and its ancestors stale (an empty value
 * under the node's key) and a stale node is computed from its children when it is next read,
 * then stored. A stale node's parent is always stale, so reading the root settles every stale
 * node, each hashed once however many writes touched it: a batch's updates share their upper
 * paths and pay for them once. Stale marks are ordinary store writes, so they live and die
 * with the overlay they were written to; a store must never be committed to durable storage
 * before its root was read (the executor reads it in `finalize`).
 */
import { type Account, EMPTY_ACCOUNT, accountsEqual, decodeAccount, encodeAccount, isEmptyAccount, leafHash } from '../account.js'
import { ACCOUNT_TREE_DEPTH, MAX_ACCOUNT_INDEX } from '../constants.js'
import { poseidon } from '../crypto/poseidon.js'
import { AccountIndexOutOfRangeError, CorruptStoreError } from '../errors.js'
import { bigintToBytes, bytesToBigint } from '../field.js'
import type { KVBatchOp, KVStore } from '../store/kvStore.js'
import { verifyMerkleProof } from './merkleProof.js'
import { zeroHashes } from './zeroHashes.js'

/** The value of a node whose hash is not computed yet. */
const STALE = new Uint8Array(0)

/** An account together with its Merkle path in the current state. */
export type AccountWithProof = { index: number; account: Account; siblings: bigint[] }

/** Throws AccountIndexOutOfRangeError unless `index` is an integer in [0, 2^16). */
export function assertAccountIndex(index: number, what = 'account index'): void {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= MAX_ACCOUNT_INDEX) {
    throw new AccountIndexOutOfRangeError({ what, value: index })
  }
}

/** The account tree over a KVStore. Needs `loadCrypto()` before any method is called. */
export class AccountTree {
  readonly store: KVStore
  readonly prefix: string

  /** `prefix` namespaces the keys, so several trees can share one store. */
  constructor(store: KVStore, options: { prefix?: string } = {}) {
    this.store = store
    this.prefix = options.prefix ?? ''
  }

  private nodeKey(height: number, position: number): string {
    return `${this.prefix}node/${height}/${position}`
  }

  private accountKey(index: number): string {
    return `${this.prefix}account/${index}`
  }

  private async node(height: number, position: number): Promise<bigint> {
    const key = this.nodeKey(height, position)
    const bytes = await this.store.get(key)
    if (bytes === undefined) return zeroHashes()[height]!
    if (bytes.length === 0) return this.settle(height, position, key)
    if (bytes.length !== 32) throw new CorruptStoreError({ key, reason: `expected 32 bytes, got ${bytes.length}` })
    return bytesToBigint(bytes)
  }

  /** Computes a stale node from its children (or its account, for a leaf) and stores it. */
  private async settle(height: number, position: number, key: string): Promise<bigint> {
    let value: bigint
    if (height === 0) value = leafHash(await this.getAccount(position))
    else {
      const [left, right] = await Promise.all([this.node(height - 1, 2 * position), this.node(height - 1, 2 * position + 1)])
      value = poseidon([left, right])
    }
    if (value === zeroHashes()[height]) await this.store.del(key)
    else await this.store.put(key, bigintToBytes(value, 32))
    return value
  }

  /** The state root. */
  async root(): Promise<bigint> {
    return this.node(ACCOUNT_TREE_DEPTH, 0)
  }

  /** The account at `index` (the empty account if none). */
  async getAccount(index: number): Promise<Account> {
    assertAccountIndex(index)
    const key = this.accountKey(index)
    const bytes = await this.store.get(key)
    return bytes === undefined ? { ...EMPTY_ACCOUNT } : decodeAccount(bytes, key)
  }

  /** The leaf hash at `index`, as stored (no hashing). */
  async getLeafHash(index: number): Promise<bigint> {
    assertAccountIndex(index)
    return this.node(0, index)
  }

  /** The Merkle proof of `index`: siblings[0..DEPTH-1], leaf-side first. */
  async proof(index: number): Promise<bigint[]> {
    assertAccountIndex(index)
    const reads: Promise<bigint>[] = []
    for (let k = 0; k < ACCOUNT_TREE_DEPTH; k++) reads.push(this.node(k, (index >> k) ^ 1))
    return Promise.all(reads)
  }

  /** The account at `index` with its proof. */
  async getAccountWithProof(index: number): Promise<AccountWithProof> {
    const [account, siblings] = await Promise.all([this.getAccount(index), this.proof(index)])
    return { index, account, siblings }
  }

  /**
   * Writes the account at `index` and every node on its path in one store batch; returns the
   * new root. Writing an account identical to the stored one hashes nothing.
   */
  async setAccount(index: number, account: Account): Promise<bigint> {
    assertAccountIndex(index)
    const encoded = encodeAccount(account) // validates every field width
    const current = await this.getAccount(index)
    if (accountsEqual(current, account)) return this.root()

    const z = zeroHashes()
    const siblings = await this.proof(index)
    const ops: KVBatchOp[] = []
    const accountKey = this.accountKey(index)
    ops.push(isEmptyAccount(account) ? { type: 'del', key: accountKey } : { type: 'put', key: accountKey, value: encoded })

    let node = leafHash(account)
    for (let height = 0; ; height++) {
      const position = index >> height
      const key = this.nodeKey(height, position)
      ops.push(node === z[height] ? { type: 'del', key } : { type: 'put', key, value: bigintToBytes(node, 32) })
      if (height === ACCOUNT_TREE_DEPTH) break
      const sibling = siblings[height]!
      node = (position & 1) === 1 ? poseidon([sibling, node]) : poseidon([node, sibling])
    }
    await this.store.batch(ops)
    return node
  }

  /**
   * Writes the account at `index` and marks its path stale instead of hashing it (see the
   * module comment): the hashes are computed once, when a node on the path is next read.
   * Writing an account identical to the stored one changes nothing.
   */
  async writeAccount(index: number, account: Account): Promise<void> {
    assertAccountIndex(index)
    const encoded = encodeAccount(account) // validates every field width
    const current = await this.getAccount(index)
    if (accountsEqual(current, account)) return
    const accountKey = this.accountKey(index)
    const ops: KVBatchOp[] = [isEmptyAccount(account) ? { type: 'del', key: accountKey } : { type: 'put', key: accountKey, value: encoded }]
    for (let height = 0; height <= ACCOUNT_TREE_DEPTH; height++) {
      const key = this.nodeKey(height, index >> height)
      // Its ancestors are stale already.
      if ((await this.store.get(key))?.length === 0) break
      ops.push({ type: 'put', key, value: STALE })
    }
    await this.store.batch(ops)
  }

  /** True if `siblings` prove that `account` is the leaf at `index` under `root`. */
  static verifyProof(root: bigint, index: number, account: Account, siblings: readonly bigint[]): boolean {
    if (siblings.length !== ACCOUNT_TREE_DEPTH) return false
    let leaf: bigint
    try {
      leaf = leafHash(account)
    } catch {
      return false // a field that is not a canonical field element cannot be in the tree
    }
    return verifyMerkleProof(root, leaf, index, siblings)
  }
}
