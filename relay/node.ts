// The relay's state machine behind the RPC: storage, trusted tree, pool and sequencer, wired
// together. `openRelayNode` needs `loadCrypto()` to have completed.
import { join } from 'node:path'
import type { Account } from '../src/protocol/account'
import { AccountTree } from '../src/protocol/tree/accountTree'
import type { ChainDomain } from '../src/protocol/tx/l2Tx'
import type { Logger } from './rpc/handleRequest'
import { DEFAULT_POOL_CONFIG, Pool, type PoolConfig } from './pool/pool'
import { type BatchSink, MemoryBatchSink } from './sequencer/batchSink'
import { MemoryPriorityOpSource, type PriorityOpSource } from './sequencer/priorityOpSource'
import { Sequencer } from './sequencer/sequencer'
import { defaultSignatureThreads, inlineSignatureChecker, WorkerSignatureChecker } from './sigcheck/signatureChecker'
import type { RelayStorage } from './store/relayStorage'
import { openSqliteStorage } from './store/sqliteStorage'
import { TrustedKvStore } from './store/trustedKvStore'

export type RelayNode = {
  domain: ChainDomain
  storage: RelayStorage
  tree: AccountTree
  pool: Pool
  sequencer: Sequencer
  priorityOps: PriorityOpSource
  sink: BatchSink
  close: () => Promise<void>
}

export type RelayNodeOptions = {
  /** Directory of the database file, or `:memory:`. */
  dataDir: string
  domain: ChainDomain
  feeAccountIndex: number
  maxBatchWaitMs: number
  pool?: Partial<PoolConfig>
  priorityOps?: PriorityOpSource
  sink?: BatchSink
  logger?: Logger
  /** Start sequencing at once (default true). */
  autoStart?: boolean
  /** Worker threads that check signatures (default: one per spare core; 0 checks them on the event loop). */
  signatureThreads?: number
}

/** Opens (or creates) the relay's database and starts the sequencer. */
export async function openRelayNode(opts: RelayNodeOptions): Promise<RelayNode> {
  const storage = openSqliteStorage(opts.dataDir === ':memory:' ? ':memory:' : join(opts.dataDir, 'relay.sqlite'))
  const kv = new TrustedKvStore(await storage.loadKv())
  const tree = new AccountTree(kv)
  const account = (index: number): Promise<Account> => tree.getAccount(index)
  const threads = opts.signatureThreads ?? defaultSignatureThreads()
  const signatures = threads > 0 ? WorkerSignatureChecker.start(threads) : inlineSignatureChecker()
  const pool = await Pool.open({ storage, domain: opts.domain, account, config: { ...DEFAULT_POOL_CONFIG, ...opts.pool }, signatures })
  const priorityOps = opts.priorityOps ?? new MemoryPriorityOpSource()
  const sink = opts.sink ?? new MemoryBatchSink()
  const sequencer = await Sequencer.open({
    storage,
    kv,
    pool,
    priorityOps,
    sink,
    config: { domain: opts.domain, feeAccountIndex: opts.feeAccountIndex, maxBatchWaitMs: opts.maxBatchWaitMs },
    ...(opts.logger ? { logger: opts.logger } : {}),
  })
  const expiry = setInterval(() => void pool.expire().catch((err: unknown) => opts.logger?.error('[pool] expiry failed', err)), Math.max(1_000, Math.min(60_000, pool.config.txTtlMs / 10)))
  expiry.unref()
  if (opts.autoStart !== false) sequencer.start()
  return {
    domain: opts.domain,
    storage,
    tree,
    pool,
    sequencer,
    priorityOps,
    sink,
    close: async () => {
      clearInterval(expiry)
      await sequencer.stop()
      await signatures.close()
      await storage.close()
    },
  }
}
