// Where the sequencer takes L1 priority operations from, in queue order. The L1 implementation
// (following the Rollup's queue through the protocol-v2 events) is not built yet; tests and
// the devnet use MemoryPriorityOpSource.
import type { PriorityOp } from '../../src/protocol/tx/priorityOp'

export interface PriorityOpSource {
  /** Up to `max` queued ops starting at queue index `from` (0-based), in queue order. */
  opsFrom(from: number, max: number): Promise<PriorityOp[]>
  /** Calls `listener` when new ops are queued; returns an unsubscribe function. */
  onNewOps(listener: () => void): () => void
}

/** An in-memory queue: `push` plays the part of an L1 deposit. */
export class MemoryPriorityOpSource implements PriorityOpSource {
  private readonly queue: PriorityOp[] = []
  private readonly listeners = new Set<() => void>()

  constructor(initial: readonly PriorityOp[] = []) {
    this.queue.push(...initial)
  }

  push(...ops: PriorityOp[]): void {
    this.queue.push(...ops)
    for (const listener of this.listeners) listener()
  }

  async opsFrom(from: number, max: number): Promise<PriorityOp[]> {
    return this.queue.slice(from, from + max)
  }

  onNewOps(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
