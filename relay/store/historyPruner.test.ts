// Pruning the undo log: the states the relay keeps stay exact, the ones it forgot are refused
// with a typed error (storage: HistoryPrunedError; RPC: STATE_UNAVAILABLE), a rewind before
// what is kept changes nothing, and the pruner never forgets past the head − keepBatches or L1's
// last verified batch.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { bigintToAddress } from '../../src/protocol/field'
import { signed, testAddress, transfer } from '../../src/protocol/testing/fixtures'
import { AccountTree } from '../../src/protocol/tree/accountTree'
import { methods } from '../rpc/methods'
import { createHttpServer } from '../rpc/httpServer'
import { testContext } from '../testing'
import { openTestNode, type TestNode } from '../testNode'
import { HistoryPruner } from './historyPruner'
import type { BatchRecord } from './records'
import { HistoryPrunedError, type RelayStorage, kvStoreAfter } from './relayStorage'

let node: TestNode | undefined
let dir: string | undefined
afterEach(async () => {
  await node?.close()
  node = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const treeAt = (storage: RelayStorage, number: number) => new AccountTree(kvStoreAfter(storage, number))

/** A node (on a file when `dataDir`) with `count` batches of one transfer each on top of the funding batches. */
async function nodeWithBatches(count: number, dataDir?: string): Promise<{ node: TestNode; batches: BatchRecord[] }> {
  const opened = await openTestNode({ accounts: 3, ...(dataDir ? { dataDir } : {}) })
  await opened.sequencer.stop()
  const batches = [opened.sequencer.head]
  for (let i = 0; i < count; i++) {
    await opened.pool.submit(signed(transfer(2, 3, 10n, 1n, BigInt(i)), 2))
    batches.push((await opened.sequencer.sequenceBatch())!)
  }
  return { node: opened, batches }
}

describe('state history pruning', () => {
  it('keeps the states from historyFrom on exact, refuses older reads and rewinds, and remembers it across a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lantern-history-'))
    const opened = await nodeWithBatches(4, dir)
    node = opened.node
    const [b0, b1, b2] = opened.batches.map((b) => b.number) as [number, number, number]
    expect(await node.storage.historyFrom()).toBe(0)
    await node.storage.pruneHistory(b2)
    expect(await node.storage.historyFrom()).toBe(b2)

    for (const b of opened.batches.slice(2)) expect(await treeAt(node.storage, b.number).root()).toBe(b.stateRoot)
    await expect(node.storage.kvAt('any', b1)).rejects.toThrow(HistoryPrunedError)
    await expect(node.storage.kvAt('any', b0)).rejects.toThrow(HistoryPrunedError)

    const head = node.sequencer.head
    await expect(node.storage.rewindTo(b1)).rejects.toThrow(HistoryPrunedError)
    expect((await node.storage.head())!.hash).toBe(head.hash)
    expect(await treeAt(node.storage, b2).root()).toBe(opened.batches[2]!.stateRoot)
    // Pruning never goes back, nor past the head.
    await node.storage.pruneHistory(b1)
    expect(await node.storage.historyFrom()).toBe(b2)
    await expect(node.storage.pruneHistory(head.number + 1)).rejects.toThrow(RangeError)

    await node.close()
    node = await openTestNode({ accounts: 3, dataDir: dir })
    expect(await node.storage.historyFrom()).toBe(b2)
    await expect(node.storage.kvAt('any', b1)).rejects.toThrow(HistoryPrunedError)
    await node.sequencer.stop()
    // Back to b2 is still possible: its undo rows (of b3 on) are kept.
    await node.sequencer.rewindTo(b2, 'test')
    expect(await node.tree.root()).toBe(opened.batches[2]!.stateRoot)
  })

  it('the pruner stops at head − keepBatches and at L1\'s last verified batch, goes at most maxBatchesPerPass a pass, and asks L1 only when the head allows pruning', async () => {
    const opened = await nodeWithBatches(6)
    node = opened.node
    const head = node.sequencer.head.number
    let verified = 0
    let l1Reads = 0
    const lastVerifiedBatch = async () => {
      l1Reads++
      return verified
    }
    const idle = new HistoryPruner({ storage: node.storage, head: () => node!.sequencer.head.number, lastVerifiedBatch, keepBatches: head })
    expect(await idle.pass()).toBe(0)
    expect(l1Reads).toBe(0)
    const pruner = new HistoryPruner({ storage: node.storage, head: () => node!.sequencer.head.number, lastVerifiedBatch, keepBatches: 2, maxBatchesPerPass: 2 })
    expect(await pruner.pass()).toBe(0)
    expect(l1Reads).toBe(1)
    verified = head
    expect(await pruner.pass()).toBe(2)
    expect(await pruner.pass()).toBe(4)
    let from = 4
    while (from < head - 2) from = await pruner.pass()
    expect(from).toBe(head - 2)
    expect(await pruner.pass()).toBe(head - 2)
    expect(await treeAt(node.storage, head - 2).root()).toBe((await node.storage.getBatch(head - 2))!.stateRoot)
  })

  it('eth_getBalance at a forgotten batch answers STATE_UNAVAILABLE; at a kept one, the balance then', async () => {
    const opened = await nodeWithBatches(3)
    node = opened.node
    const [, b1, b2] = opened.batches.map((b) => b.number) as [number, number, number]
    await node.storage.pruneHistory(b2)
    const server = createHttpServer({ ctx: testContext(undefined, node), methods, validateResults: true })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const balance = async (number: number) =>
        (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [bigintToAddress(testAddress(2)), `0x${number.toString(16)}`] }) })).json()
      expect(await balance(b1)).toMatchObject({ error: { data: { code: 'STATE_UNAVAILABLE' } } })
      const kept = (await balance(b2)) as { result: string }
      expect(BigInt(kept.result)).toBe((await treeAt(node.storage, b2).getAccount(2)).balance * 10n ** 9n)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
