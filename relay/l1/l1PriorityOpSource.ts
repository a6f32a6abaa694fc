// The Rollup's priority queue as the sequencer sees it: PriorityOpQueued events read through
// src/l1, kept in queue order (opIndex), polled every `pollMs`. An op is offered once its block
// has `confirmations` confirmations (1: as soon as it is mined), so a batch never claims an op L1
// has not queued.
//
// Reorgs: every poll first checks that the last block it read still has the hash it had. When
// it does not (anvil_reorg, evm_revert, a real reorg), it walks back over the hashes it
// remembers to the newest block still on the chain, forgets the ops queued after it, reads
// again from there, and tells its reorg listeners the first queue index whose op changed (null
// when the new chain queued the same ops): the sequencer rewinds the batches that consumed it.
// A reorg deeper than the remembered window makes it read the whole queue again from the
// deployment's start block. Blocks mined and reorged away between two polls are never seen, so
// this cannot tell every reorg: its poll listeners check what they posted themselves.
import type { Address, Client, Hex } from 'viem'
import { getBlock } from 'viem/actions'
import { UnexpectedL1DataError } from '../../src/l1/errors'
import { readPriorityOps } from '../../src/l1/readPriorityOps'
import { packedOp, type PriorityOp } from '../../src/protocol/tx/priorityOp'
import type { Logger } from '../rpc/handleRequest'
import type { PriorityOpSource } from '../sequencer/priorityOpSource'
import { Backoff, sleep } from './backoff'
import type { L1Health } from './l1Health'

export type L1PriorityOpSourceOptions = {
  client: Client
  rollup: Address
  /** First L1 block to read (the deployment's start block). */
  fromBlock: bigint
  pollMs: number
  health: L1Health
  logger?: Logger
  /** Blocks an op's block needs on top of it, itself included, before it is offered (default 1). */
  confirmations?: number
  /** How many recent block hashes are kept for finding a fork point (default 256). */
  reorgWindow?: number
  /** Longest wait between retries while L1 fails (ms, default 30 000). */
  retryMaxMs?: number
}

/** What a reorg changed: `firstChangedOp` is the first queue index whose op the new chain does not have, null if none. */
export type L1Reorg = { forkBlock: bigint; firstChangedOp: number | null }

type Queued = { op: PriorityOp; block: bigint }

function sameOp(a: PriorityOp, b: PriorityOp): boolean {
  return packedOp(a) === packedOp(b) && a.l1Address === b.l1Address && a.pubAx === b.pubAx && a.pubAy === b.pubAy
}

export class L1PriorityOpSource implements PriorityOpSource {
  private queue: Queued[] = []
  private readonly listeners = new Set<() => void>()
  private readonly reorgListeners = new Set<(reorg: L1Reorg) => Promise<void> | void>()
  private readonly pollListeners = new Set<() => void>()
  /** Block number → hash of blocks this source read through (newest `reorgWindow`). */
  private readonly seen = new Map<bigint, Hex>()
  private nextBlock: bigint
  private readonly abort = new AbortController()
  private loopDone: Promise<void> | undefined
  /** Reorgs handled (for tests and logs). */
  readonly reorgs: L1Reorg[] = []

  constructor(private readonly opts: L1PriorityOpSourceOptions) {
    this.nextBlock = opts.fromBlock
  }

  /** Ops seen so far. */
  get length(): number {
    return this.queue.length
  }

  /** Calls `listener` after each reorg (awaited before the next poll). */
  onReorg(listener: (reorg: L1Reorg) => Promise<void> | void): () => void {
    this.reorgListeners.add(listener)
    return () => this.reorgListeners.delete(listener)
  }

  /** Calls `listener` after every poll that reached L1 (not awaited). */
  onPolled(listener: () => void): () => void {
    this.pollListeners.add(listener)
    return () => this.pollListeners.delete(listener)
  }

  /** The newest remembered block still on L1's chain, or undefined if none is. */
  private async forkPoint(): Promise<bigint | undefined> {
    const numbers = [...this.seen.keys()].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
    for (const n of numbers) {
      const block = await getBlock(this.opts.client, { blockNumber: n }).catch(() => undefined)
      if (block && block.hash === this.seen.get(n)) return n
      this.seen.delete(n)
    }
    return undefined
  }

  /** True (after rewinding what it read) when the last block read is no longer on L1's chain. */
  private async detectReorg(): Promise<bigint | undefined> {
    const last = this.nextBlock - 1n
    const hash = this.seen.get(last)
    if (hash === undefined) return undefined
    const block = await getBlock(this.opts.client, { blockNumber: last }).catch((err: unknown) => {
      // A block number past the head: the chain got shorter (evm_revert, anvil_rollback).
      if (err instanceof Error && /not found|could not be found/i.test(err.message)) return undefined
      throw err
    })
    if (block && block.hash === hash) return undefined
    const fork = (await this.forkPoint()) ?? this.opts.fromBlock - 1n
    this.nextBlock = fork + 1n
    return fork
  }

  /** Reads up to the current confirmed head once; returns how many new ops it found. */
  async poll(): Promise<number> {
    const fork = await this.detectReorg()
    const before = fork === undefined ? undefined : this.queue
    if (fork !== undefined) this.queue = this.queue.filter((q) => q.block <= fork)

    const latest = await getBlock(this.opts.client, { blockTag: 'latest' })
    this.opts.health.sawBlock(Number(latest.number))
    const head = latest.number - BigInt((this.opts.confirmations ?? 1) - 1)
    let added = 0
    if (head >= this.nextBlock) {
      const found = await readPriorityOps(this.opts.client, { rollup: this.opts.rollup, fromBlock: this.nextBlock, toBlock: head })
      for (const queued of found.sort((a, b) => Number(a.opIndex - b.opIndex))) {
        // Re-reads after a partial failure must not duplicate; a hole means a missed range.
        if (queued.opIndex < BigInt(this.queue.length)) continue
        if (queued.opIndex !== BigInt(this.queue.length)) {
          throw new UnexpectedL1DataError({ what: 'PriorityOpQueued', txHash: null, reason: `op ${queued.opIndex} arrived when ${this.queue.length} was next` })
        }
        this.queue.push({ op: queued.op, block: queued.block.number })
        added++
      }
      const headHash = head === latest.number ? latest.hash : (await getBlock(this.opts.client, { blockNumber: head })).hash
      this.remember(head, headHash)
      this.nextBlock = head + 1n
    }

    if (fork !== undefined && before) {
      let firstChangedOp: number | null = null
      for (let i = 0; i < before.length; i++) {
        const now = this.queue[i]
        if (!now || !sameOp(now.op, before[i]!.op)) {
          firstChangedOp = i
          break
        }
      }
      const reorg = { forkBlock: fork, firstChangedOp }
      this.reorgs.push(reorg)
      this.opts.logger?.info?.(`[l1] reorg: chain forked after block ${fork}; ${firstChangedOp === null ? 'queued ops unchanged' : `ops from ${firstChangedOp} changed`}`)
      for (const listener of this.reorgListeners) await listener(reorg)
    }
    if (added > 0) for (const listener of this.listeners) listener()
    for (const listener of this.pollListeners) listener()
    return added
  }

  private remember(n: bigint, hash: Hex): void {
    this.seen.set(n, hash)
    const window = BigInt(this.opts.reorgWindow ?? 256)
    for (const k of this.seen.keys()) if (k <= n - window) this.seen.delete(k)
  }

  /** Polls until `stop()`, backing off while L1 fails. */
  start(): void {
    if (this.loopDone) return
    const backoff = new Backoff(this.opts.pollMs, this.opts.retryMaxMs ?? 30_000)
    this.loopDone = (async () => {
      while (!this.abort.signal.aborted) {
        let wait = this.opts.pollMs
        try {
          await this.poll()
          this.opts.health.ok('priorityOps')
          backoff.reset()
        } catch (err) {
          this.opts.health.fail('priorityOps', err)
          wait = backoff.next()
          this.opts.logger?.error(`[l1] reading priority ops failed; retrying in ${wait} ms`, err)
        }
        await sleep(wait, this.abort.signal)
      }
    })()
  }

  async stop(): Promise<void> {
    this.abort.abort()
    await this.loopDone
  }

  async opsFrom(from: number, max: number): Promise<PriorityOp[]> {
    return this.queue.slice(from, from + max).map((q) => q.op)
  }

  onNewOps(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
