// Where the sequencer takes L1 priority operations from, in queue order: l1/l1PriorityOpSource.ts
// follows the Rollup's queue; tests use MemoryPriorityOpSource.
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

  /** Plays an L1 reorg: the ops from queue index `from` on are replaced by `ops`. */
  replaceFrom(from: number, ops: readonly PriorityOp[]): void {
    this.queue.splice(from, this.queue.length - from, ...ops)
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
