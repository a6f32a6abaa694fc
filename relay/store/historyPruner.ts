// Keeps the undo log bounded. The log serves rewinds after L1 reorgs and reads of past states
// (numbered blocks, `safe`, `finalized`); without pruning it grows with every batch. Each pass
// forgets the history of batches that are both older than the newest `keepBatches` and not
// after L1's last verified batch (`finalized` reads the state there), at most
// `maxBatchesPerPass` of them, so a pass never holds the relay's thread for long. A read or a
// rewind before what is kept fails with HistoryPrunedError; the RPC answers STATE_UNAVAILABLE.
import type { Logger } from '../rpc/handleRequest'
import { sleep } from '../l1/backoff'
import type { RelayStorage } from './relayStorage'

export type HistoryPrunerOptions = {
  storage: RelayStorage
  /** The trusted head's batch number. */
  head: () => number
  /** Rollup.lastVerifiedBatch on L1. */
  lastVerifiedBatch: () => Promise<number>
  /** Batches below the head whose state stays readable. */
  keepBatches: number
  /** Between passes (ms, default 1 000). */
  intervalMs?: number
  /** At most this many batches forgotten per pass (default 256). */
  maxBatchesPerPass?: number
  logger?: Logger
}

export class HistoryPruner {
  private readonly abort = new AbortController()
  private loopDone: Promise<void> | undefined

  constructor(private readonly opts: HistoryPrunerOptions) {}

  /** One pass; returns the oldest batch whose state is kept after it. */
  async pass(): Promise<number> {
    const { storage, head, lastVerifiedBatch, keepBatches, maxBatchesPerPass = 256 } = this.opts
    const from = await storage.historyFrom()
    // L1 is asked only when the head alone would let the pass forget something.
    if (head() - keepBatches <= from) return from
    const target = Math.min(head() - keepBatches, await lastVerifiedBatch())
    if (target <= from) return from
    const next = Math.min(target, from + maxBatchesPerPass)
    await storage.pruneHistory(next)
    return next
  }

  start(): void {
    if (this.loopDone) return
    this.loopDone = (async () => {
      let failing = false
      while (!this.abort.signal.aborted) {
        try {
          await this.pass()
          failing = false
        } catch (err) {
          // An L1 read failing is reported by the L1 loops' health; say it here once per streak.
          if (!failing) this.opts.logger?.error('[relay] pruning the state history failed; retrying', err)
          failing = true
        }
        await sleep(this.opts.intervalMs ?? 1_000, this.abort.signal)
      }
    })()
  }

  async stop(): Promise<void> {
    this.abort.abort()
    await this.loopDone
  }
}
