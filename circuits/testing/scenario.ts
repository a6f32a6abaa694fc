/**
 * The shared scenario of the circuit tests: two batches executed by the protocol executor
 * (src/protocol), and a mirror of the resulting state in the rule-free RawTree.
 */
import { AccountTree } from '../../src/protocol/tree/accountTree.js'
import { executeBatch } from '../../src/protocol/executor/executeBatch.js'
import type { BatchResult, SlotItem } from '../../src/protocol/executor/types.js'
import { MemoryStore } from '../../src/protocol/store/memoryStore.js'
import { TxType } from '../../src/protocol/constants.js'
import {
  DOMAIN, context, deposit, registerKey, signed, transfer, withdraw,
} from '../../src/protocol/testing/fixtures.js'
import { NOOP_SLOT, type RawSlot, RawTree } from './rawBatch.js'

export { DOMAIN }

/** Batch 1: one deposit (creating account 2 with key 2) and three NOOPs; fees go to index 0. */
export function batch1Items(): SlotItem[] {
  return [{ kind: 'priority', op: deposit(2, 5_000n, 2) }]
}

/**
 * Batch 2, all four slots: deposit to a new account 1 (no key), register key 1 for it, a
 * signed transfer 1 → 2 and a signed withdrawal from 1. Fees go to account 2.
 */
export function batch2Items(): SlotItem[] {
  return [
    { kind: 'priority', op: deposit(1, 1_000_000n) },
    { kind: 'priority', op: registerKey(1, 1) },
    { kind: 'l2', tx: signed(transfer(1, 2, 300n, 7n, 0n), 1) },
    { kind: 'l2', tx: signed(withdraw(1, 200n, 5n, 1n), 1) },
  ]
}

export type Scenario = {
  store: MemoryStore
  batch1: BatchResult
  batch2: BatchResult
}

/** Execute batch 1 then batch 2 from genesis. */
export async function runScenario(): Promise<Scenario> {
  const store = new MemoryStore()
  const batch1 = await executeBatch(store, context(1n, 0), batch1Items())
  const batch2 = await executeBatch(store, context(2n, 2), batch2Items())
  return { store, batch1, batch2 }
}

/** A RawTree holding the same accounts as the executor's store, for the given indices. */
export async function mirrorState(store: MemoryStore, indices: readonly number[]): Promise<RawTree> {
  const tree = new AccountTree(store)
  const raw = new RawTree()
  for (const index of indices) raw.set(index, await tree.getAccount(index))
  return raw
}

export { TxType }

/** The raw-builder form of executor slot items (signatures carried over as they are). */
export function rawSlotsOf(items: readonly SlotItem[]): RawSlot[] {
  return items.map((item): RawSlot => {
    if (item.kind === 'noop') return { ...NOOP_SLOT }
    if (item.kind === 'priority') {
      const { op } = item
      return {
        type: BigInt(op.opType), fromIndex: BigInt(op.accountIndex), toIndex: 0n, amount: op.amount, fee: 0n,
        op: { address: op.l1Address, pubAx: op.pubAx, pubAy: op.pubAy },
      }
    }
    const { tx } = item
    if (!('signature' in tx)) throw new Error('unsigned L2 transaction')
    return {
      type: BigInt(tx.type), fromIndex: BigInt(tx.from), toIndex: BigInt(tx.to), amount: tx.amount, fee: tx.fee,
      signature: tx.signature,
    }
  })
}

/** Every signal value as a decimal string, for exact comparison of two witness inputs. */
export function normalizeInput(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const norm = (v: unknown): unknown => (Array.isArray(v) ? v.map(norm) : BigInt(v as bigint).toString())
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, norm(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))))
}
