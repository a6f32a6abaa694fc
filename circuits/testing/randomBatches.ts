/**
 * Seeded random valid batches, executed by the protocol executor: deposits (new and existing
 * accounts, with and without key), key registrations, transfers, withdrawals, forced exits
 * and explicit NOOPs, in random order. Candidates the executor rejects are skipped, so every
 * yielded batch is valid by the executor's rules.
 */
import { AccountTree } from '../../src/protocol/tree/accountTree.js'
import { executeBatch } from '../../src/protocol/executor/executeBatch.js'
import type { BatchResult, SlotItem } from '../../src/protocol/executor/types.js'
import { MemoryStore } from '../../src/protocol/store/memoryStore.js'
import { BaseError } from '../../src/protocol/errors.js'
import {
  context, deposit, forcedExit, registerKey, signed, transfer, withdraw,
} from '../../src/protocol/testing/fixtures.js'
import { RawTree } from './rawBatch.js'

/** mulberry32: a tiny deterministic PRNG, enough to vary test inputs reproducibly. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type RandomBatch = {
  result: BatchResult
  /** The state before the batch, as a RawTree. */
  before: RawTree
  items: SlotItem[]
}

export async function* randomBatches(options: { seed: number; batches: number }): AsyncGenerator<RandomBatch> {
  const random = prng(options.seed)
  const int = (n: number) => Math.floor(random() * n)
  const amount = (max: bigint) => (max <= 0n ? 0n : BigInt(Math.floor(random() * Number(max < 2n ** 50n ? max : 2n ** 50n))))
  const store = new MemoryStore()
  const tree = new AccountTree(store)
  let accounts = 0 // indices 1..accounts exist (created by deposits / key registrations)

  for (let b = 1; b <= options.batches; b++) {
    const before = new RawTree()
    for (let i = 1; i <= accounts; i++) before.set(i, await tree.getAccount(i))
    const feeAccountIndex = accounts > 0 ? 1 + int(accounts) : 0
    const ctx = context(BigInt(b), feeAccountIndex)
    const slots = 1 + int(4)
    const items: SlotItem[] = []
    let created = accounts
    for (let attempt = 0; items.length < slots && attempt < 40; attempt++) {
      const existing = created > 0 ? 1 + int(created) : 0
      const account = existing > 0 ? await tree.getAccount(existing) : undefined
      const nonce = (account?.nonce ?? 0n) + BigInt(items.filter((it) => it.kind === 'l2' && it.tx.from === existing).length)
      const candidates: (() => SlotItem | undefined)[] = [
        () => ({ kind: 'priority', op: deposit(created + 1, amount(10n ** 12n), random() < 0.5 ? created + 1 : undefined) }),
        () => (existing ? { kind: 'priority', op: deposit(existing, amount(10n ** 9n)) } : undefined),
        () => ({ kind: 'priority', op: registerKey(existing || created + 1, existing || created + 1) }),
        () => {
          if (!account || !existing) return undefined
          const to = 1 + int(created)
          const fee = amount(1000n)
          return { kind: 'l2', tx: signed(transfer(existing, to, amount(account.balance / 2n), fee, nonce), existing) }
        },
        () => {
          if (!account || !existing) return undefined
          return { kind: 'l2', tx: signed(withdraw(existing, amount(account.balance / 2n), amount(1000n), nonce), existing) }
        },
        () => (existing ? { kind: 'priority', op: forcedExit(existing) } : undefined),
        () => ({ kind: 'noop' }),
      ]
      const candidate = candidates[int(candidates.length)]!()
      if (!candidate) continue
      try {
        await executeBatch(store, ctx, [...items, candidate], { commit: false })
      } catch (error) {
        if (error instanceof BaseError) continue // invalid by the rules: try another
        throw error
      }
      items.push(candidate)
      if (candidate.kind === 'priority' && candidate.op.accountIndex > created) created = candidate.op.accountIndex
    }
    const result = await executeBatch(store, ctx, items)
    accounts = created
    yield { result, before, items }
  }
}
