import { afterEach, describe, expect, it, vi } from 'vitest'
import { accInputHash, GENESIS_ACC_INPUT_HASH } from '../../src/protocol/batch/accInputHash'
import { decodeBatchRecords } from '../../src/protocol/batch/decodeBatchRecords'
import { BATCH_SLOTS } from '../../src/protocol/constants'
import { registerKey, signed, transfer } from '../../src/protocol/testing/fixtures'
import { FEE_ACCOUNT, openTestNode, type TestNode } from '../testNode'

let node: TestNode | undefined
afterEach(async () => {
  await node?.close()
  node = undefined
})

describe('sequencer', () => {
  it('sequences deposits first, then pooled transfers in nonce order, and credits fees to its own account', async () => {
    node = await openTestNode({ accounts: 3 })
    expect(node.sequencer.head.priorityOpsConsumed).toBe(3)
    const before = await node.tree.getAccount(2)
    const next = node.nextBatch()
    await node.pool.submit(signed(transfer(2, 3, 100n, 5n, 1n), 2)) // gap: queued
    await node.pool.submit(signed(transfer(2, 3, 100n, 5n, 0n), 2))
    const batch = await next
    expect(batch.slots.map((s) => [s.kind, s.nonce])).toEqual([['l2', 0n], ['l2', 1n]])
    expect((await node.tree.getAccount(2)).balance).toBe(before.balance - 210n)
    expect((await node.tree.getAccount(3)).balance).toBe(1_000_000_000_000n + 200n)
    expect((await node.tree.getAccount(FEE_ACCOUNT)).balance).toBe(1_000_000_000_000n + 10n)
    expect(node.pool.size).toBe(0)
    expect(await node.tree.root()).toBe(batch.stateRoot)
    expect(batch.parentHash).toBe((await node.storage.getBatch(batch.number - 1))!.hash)
  })

  it('closes a batch by size without waiting for the timer', async () => {
    node = await openTestNode({ accounts: 4, maxBatchWaitMs: 60_000 })
    const next = node.nextBatch()
    for (const from of [2, 3, 4]) await node.pool.submit(signed(transfer(from, 1, 1n, 1n, 0n), from))
    await node.pool.submit(signed(transfer(2, 1, 1n, 1n, 1n), 2))
    expect((await next).slots).toHaveLength(BATCH_SLOTS)
  })

  it('never includes a transaction the executor refuses: it is dropped from the pool', async () => {
    node = await openTestNode({ accounts: 3 })
    // Both pass admission against the trusted balance, but the second cannot be paid after the first.
    await node.pool.submit(signed(transfer(2, 3, 999_999_999_000n, 10n, 0n), 2))
    await node.pool.submit(signed(transfer(2, 3, 999_000_000n, 10n, 1n), 2))
    let included = 0
    for (let i = 0; i < 10 && node.pool.size > 0; i++) await new Promise((r) => setTimeout(r, 30))
    const head = node.sequencer.head
    for (let n = 1; n <= head.number; n++) included += (await node.storage.getBatch(n))!.slots.filter((s) => s.kind === 'l2').length
    expect(included).toBe(1)
    expect(node.pool.size).toBe(0)
    expect((await node.tree.getAccount(2)).nonce).toBe(1n)
  })

  it('re-verifies a pooled signature when the sender key changed after admission', async () => {
    node = await openTestNode({ accounts: 3 })
    await node.sequencer.stop()
    await node.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))
    node.ops.push(registerKey(2, 77)) // the account now has testKey(77)'s key
    const batch = await node.sequencer.sequenceBatch()
    expect(batch!.slots.map((s) => s.kind)).toEqual(['priority'])
    expect(node.pool.size).toBe(0)
  })

  it('posts every trusted batch to the sink, in order', async () => {
    node = await openTestNode({ accounts: 3 })
    const next = node.nextBatch()
    await node.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))
    const batch = await next
    await new Promise((r) => setTimeout(r, 20))
    expect(node.posted.posted.map((b) => b.number)).toEqual(Array.from({ length: batch.number }, (_, i) => i + 1))
  })

  it('stores each batch\'s v2 record and chains A_n = accInputHash(A_{n-1}, record) from A_0', async () => {
    node = await openTestNode({ accounts: 3 })
    const next = node.nextBatch()
    await node.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))
    const last = await next
    let previous = GENESIS_ACC_INPUT_HASH
    for (let n = 1; n <= last.number; n++) {
      const batch = (await node.storage.getBatch(n))!
      expect(batch.accInputHash).toBe(accInputHash(previous, batch.record))
      const [decoded] = decodeBatchRecords(batch.record)
      expect(decoded!.slots.filter((s) => s !== 0n)).toHaveLength(batch.slots.length)
      expect(decoded!.feeAccountIndex).toBe(FEE_ACCOUNT)
      expect(batch.publicInputs.length).toBeGreaterThan(0)
      previous = batch.accInputHash
    }
  })

  it('under load closes only full batches in a group: a short tail waits for the next one (or the batch wait)', async () => {
    node = await openTestNode({ accounts: 4 })
    const commits: number[][] = []
    const commitBatches = node.storage.commitBatches.bind(node.storage)
    node.storage.commitBatches = (cs) => {
      commits.push(cs.map((c) => c.batch.slots.length))
      return commitBatches(cs)
    }
    // Admitted in one pool commit: 10 transfers, so two full batches and a tail of 2.
    const sends = [...[0n, 1n, 2n, 3n].map((n) => signed(transfer(2, 1, 1n, 1n, n), 2)), ...[0n, 1n, 2n].map((n) => signed(transfer(3, 1, 1n, 1n, n), 3)), ...[0n, 1n, 2n].map((n) => signed(transfer(4, 1, 1n, 1n, n), 4))]
    await Promise.all(sends.map((tx) => node!.pool.submit(tx)))
    await vi.waitFor(() => expect(commits.flat().reduce((a, b) => a + b, 0)).toBe(10), { timeout: 5_000 })
    expect(commits).toEqual([[4, 4], [2]])
  })

  it('sequences a backlog as consecutive batches committed in one storage transaction, each chained on the one before', async () => {
    node = await openTestNode({ accounts: 4 })
    await node.sequencer.stop()
    // 10 transfers: sender 2 nonces 0..4, sender 3 nonces 0..2, sender 4 nonces 0..1; one bad (from 2, nonce 5, unpayable).
    const sends: [number, number][] = [[2, 5], [3, 3], [4, 2]]
    for (const [from, count] of sends) for (let n = 0; n < count; n++) await node.pool.submit(signed(transfer(from, 1, 1n, 1n, BigInt(n)), from))
    await node.pool.submit(signed(transfer(2, 1, 999_999_999_995n, 1n, 5n), 2))
    const commits: number[] = []
    const commitBatches = node.storage.commitBatches.bind(node.storage)
    node.storage.commitBatches = (cs) => {
      commits.push(cs.length)
      return commitBatches(cs)
    }
    const seen: number[] = []
    node.sequencer.onBatch((b) => seen.push(b.number))
    const first = node.sequencer.head
    const group = await node.sequencer.sequenceBatches(8, Infinity)
    expect(commits).toEqual([3])
    expect(group.map((b) => b.slots.length)).toEqual([4, 4, 2])
    expect(seen).toEqual(group.map((b) => b.number))
    let parent = first
    for (const batch of group) {
      expect(batch.number).toBe(parent.number + 1)
      expect(batch.parentHash).toBe(parent.hash)
      expect(batch.oldStateRoot).toBe(parent.stateRoot)
      expect(batch.accInputHash).toBe(accInputHash(parent.accInputHash, batch.record))
      expect(await node.storage.getBatch(batch.number)).toEqual(batch)
      parent = batch
    }
    // Every nonce once, in order per sender; the unpayable one dropped, nothing left.
    const nonces = new Map<number, bigint[]>()
    for (const batch of group) for (const slot of batch.slots) nonces.set(slot.fromIndex, [...(nonces.get(slot.fromIndex) ?? []), slot.nonce!])
    expect(Object.fromEntries(nonces)).toEqual({ 2: [0n, 1n, 2n, 3n, 4n], 3: [0n, 1n, 2n], 4: [0n, 1n] })
    expect(node.pool.size).toBe(0)
    expect(node.sequencer.head).toBe(group.at(-1))
    expect(await node.tree.root()).toBe(group.at(-1)!.stateRoot)
    expect((await node.tree.getAccount(2)).nonce).toBe(5n)
  })
})
