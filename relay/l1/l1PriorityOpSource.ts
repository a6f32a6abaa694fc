// The Rollup's priority queue as the sequencer sees it: PriorityOpQueued events read through
// src/l1, kept in queue order (opIndex), polled every `pollMs`. An op is offered only once its
// event is in a block L1 returned, so a batch never claims an op L1 has not queued.
//
// Not handled yet: an L1 reorg that drops a queued op after the sequencer executed it (anvil
// devnets do not reorg by themselves).
import type { Address, Client } from 'viem'
import { getBlockNumber } from 'viem/actions'
import { UnexpectedL1DataError } from '../../src/l1/errors'
import { readPriorityOps } from '../../src/l1/readPriorityOps'
import type { PriorityOp } from '../../src/protocol/tx/priorityOp'
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
}

export class L1PriorityOpSource implements PriorityOpSource {
  private readonly queue: PriorityOp[] = []
  private readonly listeners = new Set<() => void>()
  private nextBlock: bigint
  private readonly abort = new AbortController()
  private loopDone: Promise<void> | undefined

  constructor(private readonly opts: L1PriorityOpSourceOptions) {
    this.nextBlock = opts.fromBlock
  }

  /** Ops seen so far. */
  get length(): number {
    return this.queue.length
  }

  /** Reads up to the current L1 head once; returns how many new ops it found. */
  async poll(): Promise<number> {
    const head = await getBlockNumber(this.opts.client, { cacheTime: 0 })
    if (head < this.nextBlock) return 0
    const found = await readPriorityOps(this.opts.client, { rollup: this.opts.rollup, fromBlock: this.nextBlock, toBlock: head })
    let added = 0
    for (const queued of found.sort((a, b) => Number(a.opIndex - b.opIndex))) {
      // Re-reads after a partial failure must not duplicate; a hole means a missed range.
      if (queued.opIndex < BigInt(this.queue.length)) continue
      if (queued.opIndex !== BigInt(this.queue.length)) {
        throw new UnexpectedL1DataError({ what: 'PriorityOpQueued', txHash: null, reason: `op ${queued.opIndex} arrived when ${this.queue.length} was next` })
      }
      this.queue.push(queued.op)
      added++
    }
    this.nextBlock = head + 1n
    if (added > 0) for (const listener of this.listeners) listener()
    return added
  }

  /** Polls until `stop()`, backing off while L1 fails. */
  start(): void {
    if (this.loopDone) return
    const backoff = new Backoff(this.opts.pollMs, 30_000)
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
    return this.queue.slice(from, from + max)
  }

  onNewOps(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
