// The L1 reads and the light node against a real anvil with the v2 contracts, deployed by the
// contracts' own test rig (MockVerifier set to accept every proof: these tests are about reading
// L1, the node verifies each proof itself with a verifier that accepts only the right inputs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Hex, bytesToHex } from 'viem'
import {
  type Lantern,
  deposit,
  mined,
  mineBlocks,
  mockAcceptsAll,
  sequenceRecords,
  startLantern,
  verifyBatches,
} from '../../contracts/test/helpers/lantern.js'
import { BatchExecution } from '../protocol/executor/batchExecution.js'
import type { BatchResult, SlotItem } from '../protocol/executor/types.js'
import { addressToBigint } from '../protocol/field.js'
import { MemoryStore } from '../protocol/store/memoryStore.js'
import { testPublicKey, transfer } from '../protocol/testing/fixtures.js'
import { LightNode } from '../../workers/node/lightNode.js'
import { TestVerifier, testProof } from '../../workers/node/testing/fakeL1.js'
import { viemL1Source } from '../../workers/node/viemL1Source.js'
import { readPriorityOps } from './readPriorityOps.js'
import { readSequencedBatches } from './readSequencedBatches.js'
import { readVerifiedBatches } from './readVerifiedBatches.js'
import { UnexpectedL1DataError } from './errors.js'
import { readRollupCall } from './readCallData.js'

let L: Lantern
const GWEI = 10n ** 9n

beforeAll(async () => {
  L = await startLantern({ verifier: 'mock' })
  await mockAcceptsAll(L, true)
})

afterAll(async () => {
  await L?.stop()
})

/** The sequencer side, executing with src/protocol. */
class Sequencer {
  readonly state = new MemoryStore()
  readonly results: BatchResult[] = []
  async build(items: readonly SlotItem[], feeAccountIndex = 0): Promise<BatchResult> {
    const execution = await BatchExecution.start(
      this.state,
      { chainId: BigInt(L.chain.id), rollupAddress: addressToBigint(L.rollup), batchNumber: BigInt(this.results.length + 1), feeAccountIndex },
      { verifySignatures: false },
    )
    for (const item of items) await execution.apply(item)
    const result = await execution.finalize()
    await execution.commit()
    this.results.push(result)
    return result
  }
}

const hex = (bytes: Uint8Array) => bytesToHex(bytes) as Hex
const concat = (results: readonly BatchResult[]) => `0x${results.map((r) => bytesToHex(r.record).slice(2)).join('')}` as Hex
const proofsOf = (results: readonly BatchResult[]) =>
  results.map((r) => ({ newStateRoot: r.newStateRoot, exitRoot: r.exitRoot, proof: testProof(r.publicInputs) }))

describe('src/l1 against anvil', () => {
  const seq = new Sequencer()

  it('reads priority ops, sequenced records and verified proofs back exactly as posted', async () => {
    const aliceKey = testPublicKey(1)
    const bobKey = testPublicKey(2)
    await mined(L, deposit(L, L.alice, L.alice, 1000n * GWEI, [aliceKey.pubAx, aliceKey.pubAy]))
    await mined(L, deposit(L, L.bob, L.bob, 500n * GWEI, [bobKey.pubAx, bobKey.pubAy]))
    const head = await L.publicClient.getBlockNumber({ cacheTime: 0 })
    const ops = await readPriorityOps(L.publicClient, { rollup: L.rollup, fromBlock: 0n, toBlock: head })
    expect(ops.map((q) => [q.opIndex, q.op.accountIndex, q.op.amount, q.op.l1Address])).toEqual([
      [0n, 1, 1000n, addressToBigint(L.alice)],
      [1n, 2, 500n, addressToBigint(L.bob)],
    ])
    expect(ops[0]!.op.pubAx).toBe(aliceKey.pubAx)

    const b1 = await seq.build(ops.map((q) => ({ kind: 'priority', op: q.op })))
    const b2 = await seq.build([{ kind: 'l2', tx: transfer(1, 2, 100n, 2n, 0n) }], 1)
    const seqReceipt = await mined(L, sequenceRecords(L, [hex(b1.record), hex(b2.record)]))
    const b3 = await seq.build([{ kind: 'l2', tx: transfer(2, 1, 7n, 0n, 0n) }])
    await mined(L, sequenceRecords(L, [hex(b3.record)]))
    const verifyReceipt = await mined(L, verifyBatches(L, 2n, concat([b1, b2]), proofsOf([b1, b2])))

    const to = await L.publicClient.getBlockNumber({ cacheTime: 0 })
    const sequenced = await readSequencedBatches(L.publicClient, { rollup: L.rollup, fromBlock: 0n, toBlock: to })
    expect(sequenced.map((s) => [s.firstBatch, s.lastBatch])).toEqual([
      [1n, 2n],
      [3n, 3n],
    ])
    expect(hex(sequenced[0]!.records)).toBe(concat([b1, b2]))
    expect(sequenced[0]!.block).toEqual({ number: seqReceipt.blockNumber, hash: seqReceipt.blockHash })
    expect(sequenced[0]!.txHash).toBe(seqReceipt.transactionHash)

    const verified = await readVerifiedBatches(L.publicClient, { rollup: L.rollup, fromBlock: 0n, toBlock: to })
    expect(verified).toHaveLength(1)
    expect(verified[0]).toMatchObject({ firstBatch: 1n, lastBatch: 2n, stateRoot: b2.newStateRoot, block: { number: verifyReceipt.blockNumber } })
    expect(verified[0]!.proofs).toEqual(proofsOf([b1, b2]))
    expect(hex(verified[0]!.records)).toBe(concat([b1, b2]))
  })

  it('refuses a transaction that is not the expected Rollup call', async () => {
    const sequenced = await readSequencedBatches(L.publicClient, { rollup: L.rollup, fromBlock: 0n, toBlock: await L.publicClient.getBlockNumber({ cacheTime: 0 }) })
    await expect(readRollupCall(L.publicClient, { rollup: L.rollup, hash: sequenced[0]!.txHash, functionName: 'verifyBatches' })).rejects.toThrow(UnexpectedL1DataError)
    await expect(readRollupCall(L.publicClient, { rollup: L.bridge, hash: sequenced[0]!.txHash, functionName: 'sequenceBatches' })).rejects.toThrow(UnexpectedL1DataError)
  })

  it('the light node syncs the real chain over viem, verifies what L1 verified, and follows an anvil reorg', async () => {
    const l1 = viemL1Source({ client: L.publicClient, rollup: L.rollup })
    const config = { chainId: BigInt(L.chain.id), rollupAddress: addressToBigint(L.rollup), deployBlock: 0n }
    const store = new MemoryStore()
    const node = new LightNode({ store, l1, verifier: new TestVerifier(), config, maxBlocksPerStep: 4 })
    await node.open()
    await node.syncToHead()
    expect(await node.status()).toMatchObject({ lastSequencedBatch: 3n, lastExecutedBatch: 3n, lastVerifiedBatch: 2n, lastConsolidatedBatch: 2n, alarms: 0 })
    expect((await node.status()).virtualStateRoot).toBe(seq.results[2]!.newStateRoot)
    expect(await node.batchState(3n)).toBe('virtual')

    // A reorg: the chain goes back to before batch 4 and another batch 4 takes its place.
    const fork = await L.testClient.snapshot()
    const alt = new MemoryStore()
    for (const key of seq.state.keys()) await alt.put(key, (await seq.state.get(key))!)
    const b4 = await seq.build([{ kind: 'l2', tx: transfer(1, 2, 1n, 0n, 1n) }])
    await mined(L, sequenceRecords(L, [hex(b4.record)]))
    await node.syncToHead()
    expect((await node.status()).virtualStateRoot).toBe(b4.newStateRoot)

    await L.testClient.request({ method: 'evm_revert', params: [fork] })
    seq.results.pop()
    const other = new Sequencer()
    for (const key of alt.keys()) await other.state.put(key, (await alt.get(key))!)
    other.results.push(...seq.results)
    const b4b = await other.build([{ kind: 'l2', tx: transfer(2, 1, 50n, 0n, 1n) }])
    await mined(L, sequenceRecords(L, [hex(b4b.record)]))
    await mineBlocks(L, 2n)
    await node.syncToHead()
    const status = await node.status()
    expect(status).toMatchObject({ reorgs: 1, lastSequencedBatch: 4n, lastExecutedBatch: 4n, alarms: 0 })
    expect(status.virtualStateRoot).toBe(b4b.newStateRoot)
  })
})
