// Rewinding trusted state after an L1 reorg removed a priority op a batch consumed: the batches
// from the first that consumed it are undone (tree, accounts, tx index), their pool
// transactions are pooled again, and rebuilding from there includes every acknowledged one.
import { afterEach, describe, expect, it } from 'vitest'
import { deposit, signed, transfer } from '../../src/protocol/testing/fixtures'
import { testAddress } from '../../src/protocol/testing/fixtures'
import { kvStoreAfter } from '../store/relayStorage'
import { openTestNode, type TestNode } from '../testNode'

let node: TestNode | undefined
afterEach(async () => {
  await node?.close()
  node = undefined
})

describe('sequencer rewind', () => {
  it('undoes the batches that consumed a priority op a reorg removed and pools their transactions again', async () => {
    node = await openTestNode({ accounts: 3 })
    await node.sequencer.stop()
    const keep = node.sequencer.head
    const keptBalance = (await node.tree.getAccount(2)).balance

    // Batch keep+1: a new account's deposit (op 3) and a transfer; batch keep+2: a second transfer.
    const t0 = await node.pool.submit(signed(transfer(2, 3, 100n, 5n, 0n), 2))
    node.ops.push(deposit(4, 700n, 4))
    const first = (await node.sequencer.sequenceBatch())!
    expect(first.slots.map((s) => s.kind)).toEqual(['priority', 'l2'])
    const t1 = await node.pool.submit(signed(transfer(2, 3, 100n, 5n, 1n), 2))
    const second = (await node.sequencer.sequenceBatch())!
    expect(node.pool.size).toBe(0)
    expect(await node.storage.accountIndexOf(testAddress(4))).toBe(4)

    // The reorg: op 3 is gone from L1's queue.
    node.ops.replaceFrom(3, [])
    await node.sequencer.onL1Reorg(3)

    expect(node.sequencer.head.number).toBe(keep.number)
    expect(await node.tree.root()).toBe(keep.stateRoot)
    expect((await node.tree.getAccount(2)).balance).toBe(keptBalance)
    expect((await node.tree.getAccount(4)).balance).toBe(0n)
    expect(await node.storage.getBatch(first.number)).toBeUndefined()
    expect(await node.storage.getBatch(second.number)).toBeUndefined()
    expect(await node.storage.findTx(t0.hash)).toBeUndefined()
    expect(await node.storage.accountIndexOf(testAddress(4))).toBeUndefined()
    expect(Number(await node.storage.getMeta('postedThrough'))).toBeLessThanOrEqual(keep.number)
    expect(node.pool.get(t0.hash)).toBeDefined()
    expect(node.pool.get(t1.hash)).toBeDefined()
    // The durable pool holds them again too (a restart would not lose them).
    expect((await node.storage.loadPool()).map((p) => p.hash).sort()).toEqual([t0.hash, t1.hash].sort())

    // Rebuilt without the op: both transfers, in nonce order, on top of the kept head.
    const rebuilt = (await node.sequencer.sequenceBatch())!
    expect(rebuilt.number).toBe(keep.number + 1)
    expect(rebuilt.parentHash).toBe(keep.hash)
    expect(rebuilt.slots.map((s) => [s.kind, s.nonce])).toEqual([['l2', 0n], ['l2', 1n]])
    expect(rebuilt.priorityOpsConsumed).toBe(3)
    expect((await node.tree.getAccount(2)).balance).toBe(keptBalance - 210n)
    expect(await node.tree.root()).toBe(rebuilt.stateRoot)
    expect(await node.storage.findTx(t1.hash)).toEqual({ batchNumber: rebuilt.number, slot: rebuilt.slots[1]!.slot })
  })

  it('keeps every batch when the reorg changed no op it consumed', async () => {
    node = await openTestNode({ accounts: 3 })
    await node.sequencer.stop()
    node.ops.push(deposit(4, 700n, 4))
    const batch = (await node.sequencer.sequenceBatch())!
    await node.sequencer.onL1Reorg(4) // only ops from 4 on changed: batch consumed 0..3
    await node.sequencer.onL1Reorg(null)
    expect(node.sequencer.head.number).toBe(batch.number)
    expect((await node.tree.getAccount(4)).balance).toBe(700n)
  })

  it('lowers postedThrough in the storage rewind itself, so a crash right after it cannot skip posting the rebuilt batches', async () => {
    node = await openTestNode({ accounts: 3 })
    await node.sequencer.stop()
    const keep = node.sequencer.head.number
    await node.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))
    const batch = (await node.sequencer.sequenceBatch())!
    // The memory sink accepts it at once; wait for the sequencer to record that.
    for (let i = 0; i < 100 && (await node.storage.getMeta('postedThrough')) !== String(batch.number); i++) await new Promise((r) => setTimeout(r, 10))
    expect(await node.storage.getMeta('postedThrough')).toBe(String(batch.number))
    await node.storage.rewindTo(keep)
    expect(await node.storage.getMeta('postedThrough')).toBe(String(keep))
  })

  it('reads the tree as it was after an earlier batch from the undo log', async () => {
    node = await openTestNode({ accounts: 3 })
    await node.sequencer.stop()
    const before = node.sequencer.head
    await node.pool.submit(signed(transfer(2, 3, 100n, 5n, 0n), 2))
    await node.sequencer.sequenceBatch()
    const { AccountTree } = await import('../../src/protocol/tree/accountTree')
    const past = new AccountTree(kvStoreAfter(node.storage, before.number))
    expect(await past.root()).toBe(before.stateRoot)
    expect((await past.getAccount(2)).balance).toBe(1_000_000_000_000n)
    expect((await node.tree.getAccount(2)).balance).toBe(1_000_000_000_000n - 105n)
  })
})
