import { beforeAll, describe, expect, it } from 'vitest'
import { leafHash } from '../../src/protocol/account.js'
import { loadCrypto } from '../../src/protocol/crypto/loadCrypto.js'
import { MemoryStore } from '../../src/protocol/store/memoryStore.js'
import { AccountTree } from '../../src/protocol/tree/accountTree.js'
import { verifyMerkleProof } from '../../src/protocol/tree/merkleProof.js'
import { escapeProof, EscapeProofUnavailableError } from './escapeProof.js'
import { TREE_PREFIX } from './nodeRecords.js'

beforeAll(() => loadCrypto())

async function tree() {
  const store = new MemoryStore()
  const accounts = new AccountTree(store, { prefix: TREE_PREFIX })
  const alice = { address: 0xa11cen, balance: 123n, nonce: 2n, pubAx: 5n, pubAy: 6n }
  await accounts.setAccount(1, { address: 0xfeen, balance: 1n, nonce: 0n, pubAx: 0n, pubAy: 0n })
  await accounts.setAccount(7, alice)
  return { store, root: await accounts.root(), alice }
}

describe('escapeProof', () => {
  it('proves the account’s leaf against the verified root when the node’s tree is that state', async () => {
    const { store, root, alice } = await tree()
    const proof = await escapeProof(store, { lastExecutedBatch: 3n, lastConsolidatedBatch: 3n, virtualStateRoot: root, consolidatedStateRoot: root }, 7)
    expect(proof).toMatchObject({ accountIndex: 7, owner: '0x00000000000000000000000000000000000a11ce', balance: 123n, nonce: 2n, pubAx: 5n, pubAy: 6n, stateRoot: root })
    expect(proof.siblings).toHaveLength(16)
    expect(verifyMerkleProof(root, leafHash(alice), 7, proof.siblings)).toBe(true)
  })

  it('refuses while batches re-executed here are not all verified (L1 pays against the last verified root only), and for an empty account', async () => {
    const { store, root } = await tree()
    await expect(escapeProof(store, { lastExecutedBatch: 4n, lastConsolidatedBatch: 3n, virtualStateRoot: root, consolidatedStateRoot: 9n }, 7)).rejects.toBeInstanceOf(EscapeProofUnavailableError)
    await expect(escapeProof(store, { lastExecutedBatch: 3n, lastConsolidatedBatch: 3n, virtualStateRoot: root, consolidatedStateRoot: root }, 9)).rejects.toThrow(/empty/)
  })
})
