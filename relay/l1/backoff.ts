// Retry delays for L1 calls: doubling from `minMs` up to `maxMs`, reset after a success.
export class Backoff {
  private delay: number
  constructor(private readonly minMs: number, private readonly maxMs: number) {
    this.delay = minMs
  }
  /** The next delay (then doubles it). */
  next(): number {
    const d = this.delay
    this.delay = Math.min(this.maxMs, this.delay * 2)
    return d
  }
  reset(): void {
    this.delay = this.minMs
  }
}

/** Resolves after `ms`; with `signal`, early when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    // The listener is removed when the timer fires: loops sleep on one long-lived signal.
    const onAbort = () => {
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
