// A relay node over an in-memory database with a funded set of accounts, for unit tests.
import { loadCrypto } from '../src/protocol/crypto/loadCrypto'
import { DOMAIN, deposit } from '../src/protocol/testing/fixtures'
import { openRelayNode, type RelayNode, type RelayNodeOptions } from './node'
import type { PoolConfig } from './pool/pool'
import { MemoryBatchSink } from './sequencer/batchSink'
import { MemoryPriorityOpSource } from './sequencer/priorityOpSource'
import type { BatchRecord } from './store/records'

export const FEE_ACCOUNT = 1

export type TestNode = RelayNode & { ops: MemoryPriorityOpSource; posted: MemoryBatchSink; nextBatch: () => Promise<BatchRecord> }

/**
 * Accounts 1..accounts hold 1e12 gwei each, account i keyed with testKey(i); account 1 is the
 * fee account. The deposits are sequenced before this resolves.
 */
export async function openTestNode(
  opts: { accounts?: number; pool?: Partial<PoolConfig>; maxBatchWaitMs?: number; dataDir?: string } & Partial<RelayNodeOptions> = {},
): Promise<TestNode> {
  await loadCrypto()
  const ops = new MemoryPriorityOpSource()
  const posted = new MemoryBatchSink()
  const node = await openRelayNode({
    dataDir: opts.dataDir ?? ':memory:',
    domain: DOMAIN,
    feeAccountIndex: FEE_ACCOUNT,
    maxBatchWaitMs: opts.maxBatchWaitMs ?? 20,
    pool: opts.pool ?? {},
    priorityOps: ops,
    sink: posted,
    logger: { error: (m, e) => console.error(m, e) },
    signatureThreads: opts.signatureThreads ?? 0,
  })
  const nextBatch = () => new Promise<BatchRecord>((resolve) => {
    const off = node.sequencer.onBatch((b) => {
      off()
      resolve(b)
    })
  })
  const accounts = opts.accounts ?? 4
  if (node.sequencer.head.number === 0 && accounts > 0) {
    const done = new Promise<void>((resolve) => {
      const off = node.sequencer.onBatch((b) => {
        if (b.priorityOpsConsumed >= accounts) {
          off()
          resolve()
        }
      })
    })
    ops.push(...Array.from({ length: accounts }, (_, i) => deposit(i + 1, 1_000_000_000_000n, i + 1)))
    await done
  }
  return Object.assign(node, { ops, posted, nextBatch })
}
