import { addressToBigint } from '../../src/protocol/field.js'
import { serializeError, type SerializedError } from '../../src/protocol/errors.js'
import { InvalidParameterError } from '../../src/protocol/errors.js'
import { NodeNotRunningError } from '../errors.js'
import { defaultDatabaseName } from './databaseName.js'
import { escapeProof } from './escapeProof.js'
import { requestPersistentStorage, storageStatus, type StorageManagerLike } from '../storage/storageStatus.js'
import type { L1Source } from './l1Source.js'
import { LightNode, type NodeStore } from './lightNode.js'
import type { NodeApi, NodeWorkerStatus, StartNodeParameters } from './nodeApi.js'
import type { ProofVerifier } from './proofVerifier.js'
import { type FollowTrustedBatchesOptions, followTrustedBatches } from './followTrustedBatches.js'

/** What the service is built from: the worker gives IndexedDB, viem and the verifier worker; tests give fakes. */
export type NodeServiceDependencies = {
  openStore(name: string): Promise<NodeStore & { close(): void }>
  createL1(parameters: StartNodeParameters): L1Source
  createVerifier(): ProofVerifier
  storageManager?: StorageManagerLike
  /** Opens a WebSocket to the relay (default: the global WebSocket). */
  createSocket?: FollowTrustedBatchesOptions['createSocket']
}

/** The node worker's implementation of NodeApi: one LightNode, its sync loop and its listeners. */
export class NodeService implements NodeApi {
  private node: LightNode | undefined
  private store: (NodeStore & { close(): void }) | undefined
  private parameters: StartNodeParameters | undefined
  private running = false
  private wake: (() => void) | undefined
  private lastError: SerializedError | null = null
  private openedAtBlock = 0n
  private stopTrusted: (() => void) | undefined
  private lastTrustedBatch: bigint | null = null
  private relayProblem: string | null = null
  private readonly listeners: ((status: NodeWorkerStatus) => void)[] = []

  constructor(private readonly deps: NodeServiceDependencies) {}

  async start(parameters: StartNodeParameters): Promise<void> {
    if (this.parameters !== undefined) {
      if (JSON.stringify(this.parameters) !== JSON.stringify(parameters)) {
        throw new InvalidParameterError({ parameter: 'start', reason: 'the node is already running with other parameters' })
      }
      return
    }
    const rollup = parameters.deployment.contracts.rollup
    if (rollup === undefined) throw new InvalidParameterError({ parameter: 'deployment', reason: 'no rollup address' })
    const store = await this.deps.openStore(parameters.databaseName ?? defaultDatabaseName(parameters.deployment))
    const node = new LightNode({
      store,
      l1: this.deps.createL1(parameters),
      verifier: this.deps.createVerifier(),
      config: { chainId: BigInt(parameters.deployment.chainId), rollupAddress: addressToBigint(rollup), deployBlock: BigInt(parameters.deployment.startBlock) },
      maxBlocksPerStep: parameters.maxBlocksPerStep,
    })
    try {
      await node.open()
    } catch (error) {
      store.close()
      throw error
    }
    this.openedAtBlock = (await node.checkpoint()).syncedBlock
    this.parameters = parameters
    this.store = store
    this.node = node
    node.subscribe(() => void this.broadcast())
    await requestPersistentStorage(this.deps.storageManager)
    this.running = true
    if (parameters.relayUrl !== undefined) this.followRelay(node, parameters.relayUrl)
    void this.run(parameters.pollIntervalMs ?? 2000)
  }

  private async run(pollMs: number): Promise<void> {
    while (this.running) {
      try {
        await this.requireNode().syncToHead()
        if (this.lastError !== null) {
          this.lastError = null
          void this.broadcast()
        }
      } catch (error) {
        this.lastError = serializeError(error)
        void this.broadcast()
      }
      if (!this.running) break
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }

  private followRelay(node: LightNode, url: string): void {
    this.stopTrusted = followTrustedBatches({
      url,
      createSocket: this.deps.createSocket,
      onBatch: async (batch) => {
        if (this.node !== node) return
        await node.noteTrustedBatch(batch)
        if (this.lastTrustedBatch === null || batch.batchNumber > this.lastTrustedBatch) this.lastTrustedBatch = batch.batchNumber
      },
      onSubscribed: () => {
        this.relayProblem = null
      },
      onProblem: (reason) => {
        this.relayProblem = reason
        void this.broadcast()
      },
    })
  }

  private requireNode(): LightNode {
    if (this.node === undefined) throw new NodeNotRunningError({ state: 'not started' })
    return this.node
  }

  async stop(): Promise<void> {
    this.running = false
    this.wake?.()
    this.stopTrusted?.()
    this.stopTrusted = undefined
    // Not awaiting the loop: a sync round stuck on an L1 read that never answers must not keep the
    // tab from closing. Closing the database is safe mid-round: a step commits in one transaction
    // (IndexedDB lets a running one finish), and a later one fails with StorageClosedError.
    this.store?.close()
    this.node = undefined
    this.store = undefined
    this.parameters = undefined
  }

  async status(): Promise<NodeWorkerStatus> {
    const status = await this.requireNode().status()
    return { ...status, running: this.running, openedAtBlock: this.openedAtBlock, lastTrustedBatch: this.lastTrustedBatch, relayProblem: this.relayProblem, storage: await storageStatus(this.deps.storageManager), lastError: this.lastError }
  }

  async syncNow(): Promise<void> {
    await this.requireNode().syncToHead()
  }

  account(index: number) {
    return this.requireNode().account(index)
  }

  accountIndexOf(address: bigint) {
    return this.requireNode().accountIndexOf(address)
  }

  accountAt(index: number, at: 'virtual' | 'consolidated') {
    return this.requireNode().accountAt(index, at)
  }

  batch(batchNumber: bigint) {
    return this.requireNode().batch(batchNumber)
  }

  priorityOp(opIndex: bigint) {
    return this.requireNode().priorityOp(opIndex)
  }

  batchState(batchNumber: bigint) {
    return this.requireNode().batchState(batchNumber)
  }

  alarms() {
    return this.requireNode().alarms()
  }

  claimProof(batchNumber: bigint, slot: number) {
    return this.requireNode().claimProof(batchNumber, slot)
  }

  async escapeProof(accountIndex: number) {
    const status = await this.requireNode().status()
    return escapeProof(this.store!, status, accountIndex)
  }

  noteTrustedBatch(trusted: Parameters<LightNode['noteTrustedBatch']>[0]) {
    return this.requireNode().noteTrustedBatch(trusted)
  }

  async subscribe(listener: (status: NodeWorkerStatus) => void): Promise<void> {
    this.listeners.push(listener)
  }

  private async broadcast(): Promise<void> {
    if (this.listeners.length === 0 || this.node === undefined) return
    const status = await this.status().catch(() => undefined)
    if (status === undefined) return
    for (const listener of this.listeners) {
      try {
        listener(status)
      } catch {
        // A listener of a closed page: drop nothing, the next status reaches the live ones.
      }
    }
  }
}
