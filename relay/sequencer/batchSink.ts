// Where sequenced batches go after they are trusted: L1 `sequenceBatches` in production (needs
// the protocol-v2 calldata; not built yet), memory in tests. Several batches per call when the
// sink fell behind.
import type { BatchRecord } from '../store/records'

export interface BatchSink {
  /** Posts consecutive batches, oldest first; resolves once they are accepted. */
  post(batches: readonly BatchRecord[]): Promise<void>
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
