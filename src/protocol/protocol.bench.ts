// `npm run bench protocol`: the costs that set the relay's throughput and the light node's sync
// speed: hashing, signatures, tree updates, whole batches.
//
// Baselines (same run, same process): our pure-bigint EdDSA against circomlibjs's `buildEddsa`
// doing the same signatures (the tests prove both give identical bits), and the light node's
// re-execution from its L1 record against the sequencer's full execution of the same batch. Poseidon
// has none: ours *is* circomlibjs's, and hashing more inputs is not the same work.
import { type Eddsa, type Point, buildEddsa } from 'circomlibjs'
import type { Benchmark } from '../../scripts/bench/types'
import { leafHash } from './account.js'
import { type L2PublicKey, type Signature, l2PublicKey, signPoseidon, verifyPoseidon } from './crypto/eddsa.js'
import { loadCrypto } from './crypto/loadCrypto.js'
import { poseidon } from './crypto/poseidon.js'
import { executeBatch } from './executor/executeBatch.js'
import { executeBatchFromCalldata } from './executor/executeBatchFromCalldata.js'
import type { BatchOutcome, BatchResult, SlotItem } from './executor/types.js'
import { MemoryStore } from './store/memoryStore.js'
import { DOMAIN, context, deposit, signed, transfer, withdraw } from './testing/fixtures.js'
import { AccountTree } from './tree/accountTree.js'
import type { PriorityOp } from './tx/priorityOp.js'

const key = new Uint8Array(32).fill(7)
let signature: Signature
let publicKey: L2PublicKey
let tree: AccountTree
let counter = 0

// A state with accounts 1 and 2 funded and keyed, and a full 4-slot batch against it.
let genesisStore: MemoryStore
let genesisOps: PriorityOp[]
let fullBatch: SlotItem[]
let fullBatchResult: BatchResult

async function setupBatch(): Promise<void> {
  await loadCrypto()
  genesisStore = new MemoryStore()
  genesisOps = [deposit(1, 1_000_000n, 1), deposit(2, 1_000_000n, 2)]
  await executeBatch(genesisStore, context(1n), genesisOps.map((op) => ({ kind: 'priority', op })))
  fullBatch = [
    { kind: 'l2', tx: signed(transfer(1, 2, 10n, 1n, 0n), 1) },
    { kind: 'l2', tx: signed(transfer(2, 1, 20n, 1n, 0n), 2) },
    { kind: 'l2', tx: signed(withdraw(1, 5n, 1n, 1n), 1) },
    { kind: 'priority', op: deposit(3, 77n) },
  ]
  fullBatchResult = await executeBatch(genesisStore, context(2n), fullBatch, { commit: false })
  // The re-execution benchmark is compared with the full one: make sure it does the same batch.
  const replayed = await replayFromRecord()
  if (replayed.newStateRoot !== fullBatchResult.newStateRoot) throw new Error('re-execution from the record reached another state root')
}

/** The light node's path for the same batch: its L1 record alone (op data included), no signatures. */
function replayFromRecord(): Promise<BatchResult> {
  return executeBatchFromCalldata(genesisStore, { ...DOMAIN, batchNumber: 2n }, fullBatchResult.record, { commit: false })
}

/** The light node's path as it runs: the same, without reading the Merkle paths of a circuit witness. */
function replayWithoutWitness(): Promise<BatchOutcome> {
  return executeBatchFromCalldata(genesisStore, { ...DOMAIN, batchNumber: 2n }, fullBatchResult.record, { commit: false, witness: false })
}

// circomlibjs's EdDSA (Node-only: Buffer and blake-hash), holding the same key and signature as
// field elements in its Montgomery form, converted once in setup as a caller of it would keep them.
let circomlibjs: Eddsa
let circomlibjsSignature: { R8: Point; S: bigint }
let circomlibjsPublicKey: Point

async function setupCircomlibjs(): Promise<void> {
  circomlibjs ??= await buildEddsa()
  const F = circomlibjs.F
  circomlibjsPublicKey = circomlibjs.prv2pub(key)
  circomlibjsSignature = circomlibjs.signPoseidon(key, F.e(123n))
}

export const benchmarks: Benchmark[] = [
  { name: 'protocol: Poseidon(2)', setup: loadCrypto, fn: () => poseidon([1n, BigInt(counter++)]) },
  { name: 'protocol: Poseidon(5) (leaf hash)', setup: loadCrypto, fn: () => poseidon([1n, 2n, 3n, 4n, BigInt(counter++)]) },
  {
    name: 'protocol: EdDSA-Poseidon sign (circomlibjs buildEddsa, baseline)',
    id: 'circomlibjs sign',
    setup: setupCircomlibjs,
    // F.e: circomlibjs takes the message as a field element; converting a bigint is part of the call.
    fn: () => circomlibjs.signPoseidon(key, circomlibjs.F.e(BigInt(counter++))),
    minTimeMs: 500,
  },
  {
    name: 'protocol: EdDSA-Poseidon sign',
    baseline: 'circomlibjs sign',
    setup: loadCrypto,
    fn: () => signPoseidon(key, BigInt(counter++)),
    minTimeMs: 500,
  },
  {
    name: 'protocol: EdDSA-Poseidon verify (circomlibjs buildEddsa, baseline)',
    id: 'circomlibjs verify',
    setup: setupCircomlibjs,
    fn: () => {
      if (!circomlibjs.verifyPoseidon(circomlibjs.F.e(123n), circomlibjsSignature, circomlibjsPublicKey)) {
        throw new Error('circomlibjs: signature did not verify')
      }
    },
    minTimeMs: 500,
  },
  {
    name: 'protocol: EdDSA-Poseidon verify',
    baseline: 'circomlibjs verify',
    setup: async () => {
      await loadCrypto()
      signature = signPoseidon(key, 123n)
      publicKey = l2PublicKey(key)
    },
    fn: () => {
      if (!verifyPoseidon(123n, signature, publicKey)) throw new Error('signature did not verify')
    },
    minTimeMs: 500,
  },
  {
    name: 'protocol: account tree update (depth 16, memory store)',
    setup: async () => {
      await loadCrypto()
      tree = new AccountTree(new MemoryStore())
    },
    fn: () => tree.setAccount(counter++ % 65536, { address: 1n, balance: BigInt(counter), nonce: 0n, pubAx: 0n, pubAy: 0n }),
  },
  {
    name: 'protocol: execute a full 4-slot batch (3 signed L2 txs + 1 deposit)',
    id: 'full execution',
    setup: setupBatch,
    fn: () => executeBatch(genesisStore, context(2n), fullBatch, { commit: false }),
    minTimeMs: 1000,
  },
  {
    name: 'protocol: re-execute a full 4-slot batch from its L1 record (light node, no signatures)',
    id: 'reexecute-record',
    // Same batch, same pre-state, same resulting roots: only the signature checks are skipped.
    baseline: 'full execution',
    setup: setupBatch,
    fn: replayFromRecord,
  },
  {
    name: 'protocol: re-execute the same batch from its L1 record without the circuit witness (witness: false, what the light node runs)',
    id: 'reexecute-record-no-witness',
    // Same record, same pre-state, same roots (checked in setup): no Merkle path is read.
    baseline: 'reexecute-record',
    setup: async () => {
      await setupBatch()
      const outcome = await replayWithoutWitness()
      if (outcome.newStateRoot !== fullBatchResult.newStateRoot) throw new Error('re-execution without the witness reached another state root')
    },
    fn: replayWithoutWitness,
  },
  {
    name: 'protocol: leaf hash',
    setup: loadCrypto,
    fn: () => leafHash({ address: 1n, balance: BigInt(counter++), nonce: 0n, pubAx: 0n, pubAy: 0n }),
  },
]
