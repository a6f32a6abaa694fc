// Which of the relay's L1 loops are failing right now: what lantern_status and /health report.
export class L1Health {
  private readonly failing = new Map<string, string>()

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
