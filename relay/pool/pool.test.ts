import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AccountKeyNotSetError, InsufficientBalanceError, InvalidSignatureError, UnknownAccountError, WrongChainError } from '../../src/protocol/errors'
import { OTHER_CHAIN, deposit, signed, transfer } from '../../src/protocol/testing/fixtures'
import { FeeTooLowError, NonceGapError, NonceTooLowError, PoolFullError, ReplacementUnderpricedError } from '../../src/rpc/errors'
import { openTestNode, type TestNode } from '../testNode'

let node: TestNode | undefined
const dirs: string[] = []
afterEach(async () => {
  await node?.close()
  node = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function stoppedNode(pool = {}, extra = {}): Promise<TestNode> {
  node = await openTestNode({ accounts: 3, pool, ...extra })
  await node.sequencer.stop()
  return node
}

describe('pool admission', () => {
  it('queues nonce gaps and reports pending once the gap is filled', async () => {
    const n = await stoppedNode()
    expect((await n.pool.submit(signed(transfer(2, 3, 1n, 1n, 2n), 2))).status).toBe('queued')
    expect((await n.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))).status).toBe('pending')
    expect(await n.pool.status()).toEqual({ pending: 1, queued: 1 })
    expect((await n.pool.submit(signed(transfer(2, 3, 1n, 1n, 1n), 2))).status).toBe('pending')
    expect(await n.pool.status()).toEqual({ pending: 3, queued: 0 })
  })

  it('counts a transaction as takeable (durableSize) only once it is on disk, and no longer once it leaves', async () => {
    const n = await stoppedNode()
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const writePool = n.storage.writePool.bind(n.storage)
    n.storage.writePool = async (add, remove) => {
      await gate
      return writePool(add, remove)
    }
    const submitted = n.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))
    await vi.waitFor(() => expect(n.pool.size).toBe(1))
    expect(n.pool.durableSize).toBe(0)
    open()
    await submitted
    expect(n.pool.durableSize).toBe(1)
    await n.pool.submit(signed(transfer(2, 3, 1n, 2n, 0n), 2)) // a replacement: still one
    expect([n.pool.size, n.pool.durableSize]).toEqual([1, 1])
    await n.sequencer.sequenceBatch()
    expect([n.pool.size, n.pool.durableSize]).toEqual([0, 0])
  })

  it('refuses a used nonce and one too far ahead', async () => {
    const n = await stoppedNode({ maxNonceGap: 2 })
    await n.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))
    await n.sequencer.sequenceBatch()
    await expect(n.pool.submit(signed(transfer(2, 3, 2n, 1n, 0n), 2))).rejects.toBeInstanceOf(NonceTooLowError)
    await expect(n.pool.submit(signed(transfer(2, 3, 1n, 1n, 4n), 2))).rejects.toBeInstanceOf(NonceGapError)
    expect((await n.pool.submit(signed(transfer(2, 3, 1n, 1n, 3n), 2))).status).toBe('queued')
  })

  it('replaces a pooled transaction only for a higher fee (by the bump), idempotent for the same one', async () => {
    const n = await stoppedNode({ replacementBumpPercent: 10 })
    const first = await n.pool.submit(signed(transfer(2, 3, 1n, 100n, 0n), 2))
    expect(await n.pool.submit(signed(transfer(2, 3, 1n, 100n, 0n), 2))).toMatchObject({ hash: first.hash, replaced: null })
    const err = await n.pool.submit(signed(transfer(2, 3, 1n, 109n, 0n), 2)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReplacementUnderpricedError)
    expect((err as ReplacementUnderpricedError).data).toMatchObject({ pooledFee: '100', minFee: '110' })
    const replacement = await n.pool.submit(signed(transfer(2, 3, 2n, 110n, 0n), 2))
    expect(replacement.replaced).toBe(first.hash)
    expect(n.pool.get(first.hash)).toBeUndefined()
    expect(n.pool.size).toBe(1)
  })

  it('answers the same transaction sent twice while its signature is being checked once, with the same hash', async () => {
    const n = await stoppedNode()
    const tx = signed(transfer(2, 3, 1n, 1n, 0n), 2)
    const [a, b] = await Promise.all([n.pool.submit(tx), n.pool.submit(tx)])
    expect(b).toEqual({ ...a, replaced: null })
    expect(n.pool.size).toBe(1)
  })

  it('checks signatures in worker threads when the node has them, with the same verdicts', async () => {
    node = await openTestNode({ accounts: 3, signatureThreads: 1 })
    await node.sequencer.stop()
    await expect(node.pool.submit({ ...signed(transfer(2, 3, 1n, 1n, 0n), 2), from: 3 })).rejects.toBeInstanceOf(InvalidSignatureError)
    expect((await node.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))).status).toBe('pending')
  })

  it('enforces the fee floor, per-account and global limits', async () => {
    const n = await stoppedNode({ minFee: 5n, maxPerAccount: 2, maxPoolSize: 3 })
    await expect(n.pool.submit(signed(transfer(2, 3, 1n, 4n, 0n), 2))).rejects.toBeInstanceOf(FeeTooLowError)
    await n.pool.submit(signed(transfer(2, 3, 1n, 5n, 0n), 2))
    await n.pool.submit(signed(transfer(2, 3, 1n, 5n, 1n), 2))
    await expect(n.pool.submit(signed(transfer(2, 3, 1n, 5n, 2n), 2))).rejects.toMatchObject({ code: 'POOL_FULL', data: { scope: 'account' } })
    await n.pool.submit(signed(transfer(3, 2, 1n, 5n, 0n), 3))
    const full = await n.pool.submit(signed(transfer(3, 2, 1n, 5n, 1n), 3)).catch((e: unknown) => e)
    expect(full).toBeInstanceOf(PoolFullError)
    expect((full as PoolFullError).data.scope).toBe('global')
  })

  it('types every account and signature failure', async () => {
    const n = await stoppedNode({ otherDomains: [OTHER_CHAIN] })
    await expect(n.pool.submit(signed(transfer(9, 3, 1n, 1n, 0n), 9))).rejects.toBeInstanceOf(UnknownAccountError)
    await expect(n.pool.submit(signed(transfer(2, 3, 2_000_000_000_000n, 1n, 0n), 2))).rejects.toBeInstanceOf(InsufficientBalanceError)
    await expect(n.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 3))).rejects.toBeInstanceOf(InvalidSignatureError)
    await expect(n.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2, OTHER_CHAIN))).rejects.toBeInstanceOf(WrongChainError)
    n.ops.push(deposit(5, 10n)) // no key
    await n.sequencer.sequenceBatch()
    await expect(n.pool.submit(signed(transfer(5, 3, 1n, 1n, 0n), 5))).rejects.toBeInstanceOf(AccountKeyNotSetError)
    expect(n.pool.size).toBe(0)
  })

  it('expires transactions older than the TTL', async () => {
    let now = 1_000_000
    const n = await stoppedNode({ txTtlMs: 1_000 })
    Object.assign(n.pool, { now: () => now })
    await n.pool.submit(signed(transfer(2, 3, 1n, 1n, 0n), 2))
    now += 500
    await n.pool.submit(signed(transfer(3, 2, 1n, 1n, 0n), 3))
    now += 600
    expect(await n.pool.expire()).toBe(1)
    expect(n.pool.size).toBe(1)
  })

  it('keeps every acknowledged transaction across a reopen of the database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lantern-pool-'))
    dirs.push(dataDir)
    const n = await stoppedNode({}, { dataDir })
    const acks = await Promise.all([signed(transfer(2, 3, 1n, 1n, 0n), 2), signed(transfer(2, 3, 1n, 1n, 1n), 2), signed(transfer(3, 2, 1n, 1n, 0n), 3)].map((tx) => n.pool.submit(tx)))
    await n.close()
    node = await openTestNode({ dataDir, accounts: 3 })
    await node.sequencer.stop()
    for (const ack of acks) expect(node.pool.get(ack.hash)).toBeDefined()
    expect(node.sequencer.head.priorityOpsConsumed).toBe(3)
  })
})
