// Which of the relay's L1 loops are failing right now: what lantern_status and /health report.
export class L1Health {
  private readonly failing = new Map<string, string>()
  /** The newest L1 block a loop read, so status can say how far the relay got while L1 is down. */
  lastBlock: number | undefined

  sawBlock(n: number): void {
    if (this.lastBlock === undefined || n > this.lastBlock) this.lastBlock = n
  }

  ok(component: string): void {
    this.failing.delete(component)
  }

  fail(component: string, err: unknown): void {
    this.failing.set(component, err instanceof Error ? err.message.split('\n')[0]! : String(err))
  }

  get degraded(): boolean {
    return this.failing.size > 0
  }

  /** component → first line of its last error. */
  get reasons(): Record<string, string> {
    return Object.fromEntries(this.failing)
  }
}
