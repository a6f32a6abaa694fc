// Where sequenced batches go after they are trusted: L1 `sequenceBatches` in production
// (l1/l1BatchSink.ts), memory in tests. Several batches per call when the
// sink fell behind.
import type { BatchRecord } from '../store/records'

export interface BatchSink {
  /** Posts consecutive batches, oldest first; resolves once they are accepted. `signal` aborts retrying (a rewind made them stale). */
  post(batches: readonly BatchRecord[], signal?: AbortSignal): Promise<void>
  /** The last batch the sink's destination holds (L1: Rollup.lastSequencedBatch), if it can tell. */
  lastSequencedBatch?(): Promise<number>
}

/** Records what it is given. */
export class MemoryBatchSink implements BatchSink {
  readonly posted: BatchRecord[] = []
  readonly calls: number[][] = []
  async post(batches: readonly BatchRecord[]): Promise<void> {
    this.calls.push(batches.map((b) => b.number))
    this.posted.push(...batches)
  }
}
