// Light-node sync throughput in Node: re-execution, tree updates, accumulated-input-hash and
// public-input computation and the step commit, over 48 batches of 4 slots (deposits, then
// transfers and withdrawals), with the stand-in proof check (no pairing: the proof cost is the
// verifier's own row). The Chromium row (`browser-sync`, real IndexedDB and verifier) needs the
// browser-loadable crypto.
import 'fake-indexeddb/auto'
import type { Benchmark } from '../../scripts/bench/types'
import { loadCrypto } from '../../src/protocol/crypto/loadCrypto.js'
import type { SlotItem } from '../../src/protocol/executor/types.js'
import { MemoryStore } from '../../src/protocol/store/memoryStore.js'
import { deposit, transfer, withdraw } from '../../src/protocol/testing/fixtures.js'
import { openNodeStore } from '../storage/openNodeStore.js'
import { LightNode, type NodeStore } from './lightNode.js'
import { CHAIN_ID, DEPLOY_BLOCK, FakeL1, ROLLUP, TestSequencer, TestVerifier } from './testing/fakeL1.js'
import { readFixture } from '../../e2e/pages/recordedDevnet.js'
import { benchFixturePath } from './browserSync.bench.js'
import { decodeBatchRecord } from '../../src/protocol/batch/decodeBatchRecords.js'
import { isPriorityOpType } from '../../src/protocol/constants.js'
import { hexToBytes } from '../../src/protocol/field.js'
import { unpackTx } from '../../src/protocol/tx/packTx.js'
import type { PriorityOp } from '../../src/protocol/tx/priorityOp.js'
import { releaseCurve } from '../../src/prover/releaseCurve.js'
import { snarkjsProofVerifier } from './snarkjsProofVerifier.js'

const BATCHES = 48
let l1: FakeL1

async function buildChain(): Promise<void> {
  await loadCrypto()
  l1 = new FakeL1()
  const seq = new TestSequencer(l1)
  await seq.build([1, 2, 3, 4].map((i): SlotItem => ({ kind: 'priority', op: deposit(i, 1_000_000n, i) })))
  const nonces = [0n, 0n, 0n, 0n, 0n]
  for (let b = 1; b < BATCHES; b++) {
    const items: SlotItem[] = []
    for (let s = 0; s < 4; s++) {
      const from = 1 + ((b + s) % 4)
      const tx = s === 3 ? withdraw(from, 3n, 1n, nonces[from]!) : transfer(from, 1 + ((from + s) % 4), 5n, 1n, nonces[from]!)
      nonces[from]!++
      items.push({ kind: 'l2', tx })
    }
    await seq.build(items, 1)
  }
  for (let b = 1; b <= BATCHES; b += 4) {
    seq.post(b, 4)
    seq.prove(4)
  }
}

async function syncOnce(store: NodeStore): Promise<void> {
  const node = new LightNode({ store, l1, verifier: new TestVerifier(), config: { chainId: CHAIN_ID, rollupAddress: ROLLUP, deployBlock: DEPLOY_BLOCK }, maxBlocksPerStep: 8 })
  await node.open()
  await node.syncToHead()
  const status = await node.status()
  if (status.lastConsolidatedBatch !== BigInt(BATCHES)) throw new Error(`synced to ${status.lastConsolidatedBatch}, expected ${BATCHES}`)
}

// The recorded real chain (real records and Groth16 proofs; the one browser-sync syncs, so the two
// rows compare) served by the in-memory L1, verified with snarkjs and the pinned key.
let recorded: { l1: FakeL1; chainId: bigint; rollup: bigint; batches: number } | undefined

async function loadRecorded(): Promise<void> {
  await loadCrypto()
  const fixture = readFixture(benchFixturePath())
  const chain = new FakeL1()
  const records = fixture.batches.map((b) => hexToBytes(b.record))
  for (const bytes of records) {
    const record = decodeBatchRecord(bytes)
    let k = 0
    for (const slot of record.slots) {
      const fields = unpackTx(slot)
      if (!isPriorityOpType(fields.type)) continue
      const op: PriorityOp = { opType: fields.type, accountIndex: fields.fromIndex, amount: fields.amount, ...record.opData[k++]! }
      chain.queue(op)
    }
  }
  let acc = `0x${'00'.repeat(32)}` as `0x${string}`
  for (const call of fixture.calls) acc = chain.sequence(call.map((n) => records[n - 1]!), acc, BigInt(call[0]!)).accInputHash
  for (let first = 1; first <= fixture.batches.length; first += 8) {
    const last = Math.min(first + 7, fixture.batches.length)
    const batches = fixture.batches.slice(first - 1, last)
    chain.verify(BigInt(first), batches.map((b) => hexToBytes(b.record)), batches.map((b) => ({ newStateRoot: BigInt(b.newStateRoot), exitRoot: BigInt(b.exitRoot), proof: b.proof.map(BigInt) })))
  }
  recorded = { l1: chain, chainId: BigInt(fixture.chainId), rollup: BigInt(fixture.rollup), batches: fixture.batches.length }
}

async function syncRecorded(): Promise<void> {
  const { l1: chain, chainId, rollup, batches } = recorded!
  const node = new LightNode({ store: new MemoryStore(), l1: chain, verifier: snarkjsProofVerifier(), config: { chainId, rollupAddress: rollup, deployBlock: DEPLOY_BLOCK } })
  await node.open()
  await node.syncToHead()
  const status = await node.status()
  if (status.lastConsolidatedBatch !== BigInt(batches) || status.alarms !== 0) throw new Error(`consolidated ${status.lastConsolidatedBatch} of ${batches}, ${status.alarms} alarms`)
}

const perSec = (meanMs: number) => Number(((BATCHES * 1000) / meanMs).toFixed(1))
let run = 0

export const benchmarks: Benchmark[] = [
  {
    id: 'node-sync-memory',
    name: `light node: sync ${BATCHES} batches from genesis (MemoryStore, stand-in proofs)`,
    setup: buildChain,
    fn: () => syncOnce(new MemoryStore()),
    iterations: 3,
    warmup: 1,
    metrics: ({ meanMs }) => ({ batchesPerSec: perSec(meanMs) }),
  },
  {
    id: 'node-sync-idb',
    name: `light node: sync ${BATCHES} batches from genesis (fake-indexeddb, stand-in proofs)`,
    baseline: 'node-sync-memory',
    setup: buildChain,
    fn: async () => {
      const store = await openNodeStore(`bench-${run++}`)
      try {
        await syncOnce(store)
      } finally {
        store.close()
      }
    },
    iterations: 3,
    warmup: 1,
    metrics: ({ meanMs }) => ({ batchesPerSec: perSec(meanMs) }),
  },
  {
    id: 'node-sync-recorded',
    name: 'light node: sync the recorded real chain from genesis, every proof verified (snarkjs, pinned key, MemoryStore)',
    setup: loadRecorded,
    teardown: releaseCurve,
    fn: syncRecorded,
    iterations: 3,
    warmup: 1,
    metrics: ({ meanMs }) => ({ batches: recorded!.batches, batchesPerSec: Number(((recorded!.batches * 1000) / meanMs).toFixed(1)) }),
  },
]
