// Builds the relay from a validated config: L1 client, node (storage, pool, sequencer), and
// the JSON-RPC server (HTTP + WebSocket on one port).
import type { AddressInfo } from 'node:net'
import { createWalletClient, defineChain, http } from 'viem'
import { rollupAbi } from '../contracts/generated/abis'
import { privateKeyToAccount } from 'viem/accounts'
import { loadCrypto } from '../src/protocol/crypto/loadCrypto'
import { addressToBigint } from '../src/protocol/field'
import type { RelayConfig } from './config'
import { BaseError, registerErrorClasses } from './errors'
import { Aggregator } from './aggregator/aggregator'
import { createL1Client } from './l1/client'
import { ensureFeeAccount } from './l1/ensureFeeAccount'
import { L1BatchSink } from './l1/l1BatchSink'
import { L1Health } from './l1/l1Health'
import { L1PriorityOpSource } from './l1/l1PriorityOpSource'
import { firstOpChangedWhileStopped } from './l1/opsChangedWhileStopped'
import { openRelayNode, type RelayNode } from './node'
import { LocalProvers } from './prover/localProvers'
import { ProofCoordinator } from './prover/proofCoordinator'
import type { Logger } from './rpc/handleRequest'
import { createHttpServer, type ServerLimits } from './rpc/httpServer'
import { methods } from './rpc/methods'
import type { BatchSink } from './sequencer/batchSink'
import type { PriorityOpSource } from './sequencer/priorityOpSource'
import { HistoryPruner } from './store/historyPruner'

export type Relay = {
  url: string
  node: RelayNode
  health: L1Health
  aggregator: Aggregator | undefined
  /** The prover-job queue (present with the aggregator). */
  coordinator: ProofCoordinator | undefined
  close: () => Promise<void>
}

export class L1MismatchError extends BaseError {
  override name = 'L1MismatchError'
  static override readonly code: string = 'RELAY_L1_MISMATCH'
}

export class RelayListenError extends BaseError {
  override name = 'RelayListenError'
  static override readonly code: string = 'RELAY_LISTEN_FAILED'
}

registerErrorClasses(L1MismatchError, RelayListenError)

export type StartRelayOptions = {
  logger?: Logger
  limits?: Partial<ServerLimits>
  /** Until the L1 follower exists: where priority ops come from (default: an empty in-memory queue). */
  priorityOps?: PriorityOpSource
  sink?: BatchSink
  /** Skip the L1 reachability check (tests without anvil). */
  skipL1Check?: boolean
}

function l1Chain(config: RelayConfig) {
  return defineChain({
    id: config.deployment.chainId,
    name: `L1 ${config.deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.l1RpcUrl] } },
  })
}

/** Starts the relay. Checks first that L1 answers and is the chain the deployment was made on. */
export async function startRelay(config: RelayConfig, opts: StartRelayOptions = {}): Promise<Relay> {
  const logger = opts.logger ?? console
  const l1 = createL1Client(config.l1RpcUrl)
  if (!opts.skipL1Check) {
    let chainId: number
    try {
      chainId = await l1.getChainId()
    } catch (err) {
      throw new L1MismatchError(`Cannot reach the L1 node at ${config.l1RpcUrl}.`, { cause: err })
    }
    if (chainId !== config.deployment.chainId) {
      throw new L1MismatchError(
        `L1 at ${config.l1RpcUrl} has chain id ${chainId}, but ${config.deploymentFile} was deployed on chain ${config.deployment.chainId}.`,
      )
    }
  }
  const rollup = config.deployment.contracts.rollup
  if (!rollup) throw new L1MismatchError(`${config.deploymentFile} names no rollup contract.`)

  await loadCrypto()
  const health = new L1Health()
  let feeAccountIndex = config.feeAccountIndex
  let priorityOps = opts.priorityOps
  let sink = opts.sink
  let l1Ops: L1PriorityOpSource | undefined
  const abort = new AbortController()
  if (config.sequencerPrivateKey && !opts.priorityOps && !opts.sink) {
    const account = privateKeyToAccount(config.sequencerPrivateKey)
    const wallet = createWalletClient({ account, chain: l1Chain(config), transport: http(config.l1RpcUrl) })
    feeAccountIndex = await ensureFeeAccount({ public: l1, wallet, rollup, l1PrivateKey: config.sequencerPrivateKey })
    l1Ops = new L1PriorityOpSource({
      client: l1,
      rollup,
      fromBlock: BigInt(config.deployment.startBlock),
      pollMs: config.l1PollMs,
      confirmations: config.l1Confirmations,
      retryMaxMs: config.l1RetryMaxMs,
      health,
      logger,
    })
    await l1Ops.poll()
    l1Ops.start()
    priorityOps = l1Ops
    sink = new L1BatchSink({ public: l1, wallet, rollup, maxBatchesPerTx: Math.min(config.sequenceMaxBatches, config.aggregatorK), health, logger, signal: abort.signal, retryMaxMs: config.l1RetryMaxMs })
  }
  const node = await openRelayNode({
    dataDir: config.dataDir,
    domain: { chainId: BigInt(config.deployment.chainId), rollupAddress: addressToBigint(rollup) },
    feeAccountIndex,
    maxBatchWaitMs: config.batchMaxWaitMs,
    pool: { minFee: config.minFeeGwei },
    logger,
    ...(priorityOps ? { priorityOps } : {}),
    ...(sink ? { sink } : {}),
  })

  let aggregator: Aggregator | undefined
  let coordinator: ProofCoordinator | undefined
  let provers: LocalProvers | undefined
  let pruner: HistoryPruner | undefined
  if (config.aggregatorPrivateKey && l1Ops) {
    coordinator = new ProofCoordinator({
      storage: node.storage,
      domain: node.domain,
      trustedHead: () => node.sequencer.head.number,
      jobTtlMs: config.proverJobTtlMs,
      maxUnproven: config.maxUnprovenBatches,
      localProvers: config.relayProvers,
      logger,
    })
    if (config.relayProvers > 0) {
      provers = new LocalProvers({ coordinator, count: config.relayProvers, artifacts: config.circuitArtifacts, logger })
      provers.start()
    }
    const wallet = createWalletClient({ account: privateKeyToAccount(config.aggregatorPrivateKey), chain: l1Chain(config), transport: http(config.l1RpcUrl) })
    aggregator = new Aggregator({
      storage: node.storage,
      public: l1,
      wallet,
      rollup,
      fromBlock: BigInt(config.deployment.startBlock),
      coordinator,
      k: config.aggregatorK,
      intervalMs: config.aggregatorIntervalMs,
      pollMs: config.l1PollMs,
      health,
      logger,
    })
    aggregator.start()
  }
  if (l1Ops) {
    const sequencer = node.sequencer
    // A reorg while the relay was down: ops it consumed may be gone or different, calls it posted
    // may be gone (L1 behind postedThrough).
    const changed = await firstOpChangedWhileStopped({
      storage: node.storage,
      head: sequencer.head,
      queue: l1Ops,
      l1: {
        lastSequencedBatch: async () => Number(await l1.readContract({ address: rollup, abi: rollupAbi, functionName: 'lastSequencedBatch' })),
        accInputHashAt: (n) => l1.readContract({ address: rollup, abi: rollupAbi, functionName: 'accInputHashAt', args: [BigInt(n)] }),
      },
    })
    await sequencer.onL1Reorg(changed)
    // Rewound batches are rebuilt with new contents: their jobs and any proof of the old contents go.
    sequencer.onRewind((head) => {
      coordinator?.rewind(head.number + 1).catch((err: unknown) => logger?.error('[relay] dropping rewound prover jobs failed', err))
    })
    l1Ops.onReorg(async (reorg) => {
      aggregator?.rescanSequenced()
      await sequencer.onL1Reorg(reorg.firstChangedOp)
    })
    if (config.stateHistoryBatches > 0) {
      pruner = new HistoryPruner({
        storage: node.storage,
        head: () => sequencer.head.number,
        lastVerifiedBatch: async () => Number(await l1.readContract({ address: rollup, abi: rollupAbi, functionName: 'lastVerifiedBatch' })),
        keepBatches: config.stateHistoryBatches,
        logger,
      })
      pruner.start()
    }
    l1Ops.onPolled(() => {
      sequencer.verifyPosted().catch((err: unknown) => logger?.error('[relay] checking posted batches against L1 failed', err))
    })
  }

  const server = createHttpServer({ ctx: { config, l1, node, health, ...(coordinator ? { jobs: coordinator } : {}) }, methods, logger, ...(opts.limits ? { limits: opts.limits } : {}) })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'EADDRINUSE'
            ? new RelayListenError(`Port ${config.port} on ${config.host} is already in use.`, { cause: err })
            : err,
        )
      })
      server.listen(config.port, config.host, () => resolve())
    })
  } catch (err) {
    abort.abort()
    await aggregator?.stop()
    await provers?.stop()
    await pruner?.stop()
    await l1Ops?.stop()
    await node.close()
    throw err
  }
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${config.host}:${port}`,
    node,
    health,
    aggregator,
    coordinator,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      abort.abort()
      await aggregator?.stop()
      await provers?.stop()
      await pruner?.stop()
      await l1Ops?.stop()
      await node.close()
    },
  }
}
