import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { type Account, EMPTY_ACCOUNT, EMPTY_LEAF, leafHash } from '../account.js'
import { ACCOUNT_TREE_DEPTH } from '../constants.js'
import { loadCrypto } from '../crypto/loadCrypto.js'
import { poseidon, poseidonHashCount } from '../crypto/poseidon.js'
import { AccountIndexOutOfRangeError } from '../errors.js'
import { MemoryStore } from '../store/memoryStore.js'
import { OverlayStore } from '../store/overlayStore.js'
import { AccountTree } from './accountTree.js'
import { computeMerkleRoot } from './merkleProof.js'
import { emptyStateRoot, zeroHashes } from './zeroHashes.js'

beforeAll(loadCrypto)

// The genesis state root, Z[16], pinned so a change to any hash or to the tree shape is caught.
const EMPTY_ROOT_16 = 8144678768941177095525163974477157099356463889915471595526943966134160731398n

const accountArb: fc.Arbitrary<Account> = fc.record({
  address: fc.bigInt({ min: 1n, max: (1n << 160n) - 1n }),
  balance: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  nonce: fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
  pubAx: fc.bigInt({ min: 0n, max: 1n << 250n }),
  pubAy: fc.bigInt({ min: 0n, max: 1n << 250n }),
})
const indexArb = fc.integer({ min: 0, max: 2 ** ACCOUNT_TREE_DEPTH - 1 })

describe('zero hashes', () => {
  test('Z[0] = EMPTY_LEAF, Z[h+1] = Poseidon(Z[h], Z[h]), genesis root pinned', () => {
    const z = zeroHashes()
    expect(z).toHaveLength(ACCOUNT_TREE_DEPTH + 1)
    expect(z[0]).toBe(EMPTY_LEAF)
    for (let h = 0; h < ACCOUNT_TREE_DEPTH; h++) expect(z[h + 1]).toBe(poseidon([z[h]!, z[h]!]))
    expect(emptyStateRoot()).toBe(EMPTY_ROOT_16)
  })
})

describe('AccountTree', () => {
  test('an empty tree has the genesis root, empty accounts and default siblings', async () => {
    const tree = new AccountTree(new MemoryStore())
    expect(await tree.root()).toBe(EMPTY_ROOT_16)
    expect(await tree.getAccount(123)).toEqual(EMPTY_ACCOUNT)
    expect(await tree.proof(5)).toEqual(zeroHashes().slice(0, ACCOUNT_TREE_DEPTH))
  })

  test('proofs of written and unwritten indices verify, and fail for another leaf or index', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(indexArb, accountArb), { minLength: 1, maxLength: 6 }), indexArb, async (writes, probe) => {
        const tree = new AccountTree(new MemoryStore())
        for (const [index, account] of writes) await tree.setAccount(index, account)
        const root = await tree.root()
        for (const index of [...writes.map(([i]) => i), probe]) {
          const { account, siblings } = await tree.getAccountWithProof(index)
          expect(AccountTree.verifyProof(root, index, account, siblings)).toBe(true)
          expect(AccountTree.verifyProof(root, index, { ...account, nonce: account.nonce ^ 1n }, siblings)).toBe(false)
          // Swapping left and right changes the root unless the leaf equals its sibling.
          if (leafHash(account) !== siblings[0]) expect(AccountTree.verifyProof(root, index ^ 1, account, siblings)).toBe(false)
        }
      }),
      { numRuns: 15 },
    )
  })

  test('an update gives the root recomputed from the old proof, with exactly DEPTH + 1 hashes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(indexArb, accountArb), { maxLength: 4 }), indexArb, accountArb, async (setup, index, account) => {
        const tree = new AccountTree(new MemoryStore())
        for (const [i, a] of setup) await tree.setAccount(i, a)
        const siblings = await tree.proof(index)
        const expected = computeMerkleRoot(leafHash(account), index, siblings)
        const before = poseidonHashCount()
        const root = await tree.setAccount(index, account)
        expect(poseidonHashCount() - before).toBe(ACCOUNT_TREE_DEPTH + 1)
        expect(root).toBe(expected)
        expect(await tree.root()).toBe(expected)
        expect(await tree.getAccount(index)).toEqual(account)
      }),
      { numRuns: 15 },
    )
  })

  test('rewriting an unchanged account hashes nothing and keeps the root', async () => {
    const tree = new AccountTree(new MemoryStore())
    const account = { address: 9n, balance: 1n, nonce: 0n, pubAx: 0n, pubAy: 0n }
    const root = await tree.setAccount(42, account)
    const before = poseidonHashCount()
    expect(await tree.setAccount(42, { ...account })).toBe(root)
    expect(await tree.setAccount(7, EMPTY_ACCOUNT)).toBe(root)
    expect(poseidonHashCount()).toBe(before)
  })

  test('the root and the stored nodes do not depend on insertion order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(indexArb, accountArb), { minLength: 2, maxLength: 6, selector: ([i]) => i }),
        fc.func(fc.integer()),
        async (writes, key) => {
          const a = new MemoryStore()
          const b = new MemoryStore()
          for (const [i, acc] of writes) await new AccountTree(a).setAccount(i, acc)
          const shuffled = [...writes].sort((x, y) => key(x[0]) - key(y[0]) || x[0] - y[0]).reverse()
          for (const [i, acc] of shuffled) await new AccountTree(b).setAccount(i, acc)
          expect(await new AccountTree(a).root()).toBe(await new AccountTree(b).root())
          expect(a.keys().sort()).toEqual(b.keys().sort())
        },
      ),
      { numRuns: 10 },
    )
  })

  test('setting an account back to empty restores the previous root and leaves no stored node', async () => {
    const store = new MemoryStore()
    const tree = new AccountTree(store)
    await tree.setAccount(3, { address: 1n, balance: 0n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    await tree.setAccount(3, EMPTY_ACCOUNT)
    expect(await tree.root()).toBe(EMPTY_ROOT_16)
    expect(store.size).toBe(0)
  })

  test('prefixes keep two trees in one store apart', async () => {
    const store = new MemoryStore()
    const a = new AccountTree(store, { prefix: 'a/' })
    const b = new AccountTree(store, { prefix: 'b/' })
    await a.setAccount(1, { address: 1n, balance: 5n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    expect(await b.root()).toBe(EMPTY_ROOT_16)
    expect(await a.root()).not.toBe(EMPTY_ROOT_16)
  })

  test('rejects indices outside [0, 2^16)', async () => {
    const tree = new AccountTree(new MemoryStore())
    for (const bad of [-1, 65536, 1.5, Number.NaN]) {
      await expect(tree.getAccount(bad)).rejects.toThrow(AccountIndexOutOfRangeError)
      await expect(tree.setAccount(bad, EMPTY_ACCOUNT)).rejects.toThrow(AccountIndexOutOfRangeError)
    }
  })

  test('verifyProof is false, not an exception, for malformed input', () => {
    const siblings = zeroHashes().slice(0, ACCOUNT_TREE_DEPTH)
    expect(AccountTree.verifyProof(EMPTY_ROOT_16, 0, EMPTY_ACCOUNT, siblings)).toBe(true)
    expect(AccountTree.verifyProof(EMPTY_ROOT_16, 0, EMPTY_ACCOUNT, siblings.slice(1))).toBe(false)
    expect(AccountTree.verifyProof(EMPTY_ROOT_16, 65536, EMPTY_ACCOUNT, siblings)).toBe(false)
    expect(AccountTree.verifyProof(EMPTY_ROOT_16, 0, { ...EMPTY_ACCOUNT, pubAx: -1n }, siblings)).toBe(false)
  })
})

describe('OverlayStore', () => {
  test('buffers writes until commit, and discard forgets them', async () => {
    const base = new MemoryStore()
    const baseTree = new AccountTree(base)
    await baseTree.setAccount(1, { address: 1n, balance: 1n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    const rootBefore = await baseTree.root()

    const overlay = new OverlayStore(base)
    const tree = new AccountTree(overlay)
    await tree.setAccount(2, { address: 2n, balance: 2n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    const rootAfter = await tree.root()
    expect(rootAfter).not.toBe(rootBefore)
    expect(await baseTree.root()).toBe(rootBefore)

    overlay.discard()
    expect(await tree.root()).toBe(rootBefore)

    await tree.setAccount(2, { address: 2n, balance: 2n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    await overlay.commit()
    expect(await baseTree.root()).toBe(rootAfter)
    expect(overlay.pendingCount).toBe(0)
  })

  test('a deletion in the overlay hides the base value', async () => {
    const base = new MemoryStore()
    await base.put('k', new Uint8Array([1]))
    const overlay = new OverlayStore(base)
    await overlay.del('k')
    expect(await overlay.get('k')).toBeUndefined()
    expect(await base.get('k')).toEqual(new Uint8Array([1]))
    await overlay.commit()
    expect(await base.get('k')).toBeUndefined()
  })
})

describe('AccountTree.writeAccount (deferred hashing)', () => {
  const opArb = fc.oneof(
    fc.record({ kind: fc.constant('write' as const), index: indexArb, account: accountArb }),
    fc.record({ kind: fc.constant('set' as const), index: indexArb, account: accountArb }),
    fc.record({ kind: fc.constant('clear' as const), index: indexArb }),
    fc.record({ kind: fc.constant('proof' as const), index: indexArb }),
  )
  // Small indices too, so paths share nodes at every height.
  const nearArb = fc.array(fc.oneof(opArb, fc.record({ kind: fc.constant('write' as const), index: fc.integer({ min: 0, max: 7 }), account: accountArb })), {
    minLength: 1,
    maxLength: 12,
  })

  test('reaches the same roots, proofs and stored nodes as setAccount, whatever is read in between', async () => {
    await fc.assert(
      fc.asyncProperty(nearArb, async (ops) => {
        const eagerStore = new MemoryStore()
        const lazyStore = new MemoryStore()
        const eager = new AccountTree(eagerStore)
        const lazy = new AccountTree(lazyStore)
        for (const op of ops) {
          if (op.kind === 'proof') {
            expect(await lazy.getAccountWithProof(op.index)).toEqual(await eager.getAccountWithProof(op.index))
            continue
          }
          const account = op.kind === 'clear' ? EMPTY_ACCOUNT : op.account
          await eager.setAccount(op.index, account)
          if (op.kind === 'set') await lazy.setAccount(op.index, account)
          else await lazy.writeAccount(op.index, account)
        }
        expect(await lazy.root()).toBe(await eager.root())
        expect(lazyStore.keys().sort()).toEqual(eagerStore.keys().sort())
        for (const key of eagerStore.keys()) expect(await lazyStore.get(key)).toEqual(await eagerStore.get(key))
      }),
      { numRuns: 25 },
    )
  })

  test('hashes a shared upper path once: two neighbours cost 19 hashes, not 2 × 17', async () => {
    const tree = new AccountTree(new MemoryStore())
    const before = poseidonHashCount()
    await tree.writeAccount(1, { address: 1n, balance: 5n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    await tree.writeAccount(2, { address: 2n, balance: 5n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    expect(poseidonHashCount()).toBe(before)
    const root = await tree.root()
    // 2 leaves + 2 parents at height 1 + 15 shared nodes at heights 2..16.
    expect(poseidonHashCount() - before).toBe(19)
    const eager = new AccountTree(new MemoryStore())
    await eager.setAccount(1, { address: 1n, balance: 5n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    expect(root).toBe(await eager.setAccount(2, { address: 2n, balance: 5n, nonce: 0n, pubAx: 0n, pubAy: 0n }))
  })

  test('keeps stale marks with their overlay: a discarded write, or a discarded read that settled nodes, leaves the base right', async () => {
    const base = new MemoryStore()
    await new AccountTree(base).setAccount(3, { address: 3n, balance: 1n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    const rootBefore = await new AccountTree(base).root()
    const batch = new OverlayStore(base)
    await new AccountTree(batch).writeAccount(4, { address: 4n, balance: 1n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    // A slot that reads (settling the marks inside its own overlay), writes, and is thrown away.
    const slot = new OverlayStore(batch)
    await new AccountTree(slot).getAccountWithProof(5)
    await new AccountTree(slot).writeAccount(5, { address: 5n, balance: 1n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    slot.discard()
    const expected = new AccountTree(new MemoryStore())
    await expected.setAccount(3, { address: 3n, balance: 1n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    await expected.setAccount(4, { address: 4n, balance: 1n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    expect(await new AccountTree(batch).root()).toBe(await expected.root())
    expect(await new AccountTree(base).root()).toBe(rootBefore)
  })
})
