// The relay's own provers: M worker threads (LANTERN_RELAY_PROVERS) that take jobs from the
// same ProofCoordinator queue as external provers and submit through it, so their proofs are
// verified and persisted exactly like anyone else's. Threads start on the first job.
import type { ProverArtifacts } from '../../src/prover/types'
import { Backoff, sleep } from '../l1/backoff'
import type { Logger } from '../rpc/handleRequest'
import type { ProofCoordinator } from './proofCoordinator'
import { ProverThread } from './proverThread'

export type LocalProversOptions = {
  coordinator: ProofCoordinator
  count: number
  artifacts: ProverArtifacts
  /** Wait this long between looks at an empty queue (new sequenced batches wake the loop earlier). */
  idleMs?: number
  logger?: Logger
}

export class LocalProvers {
  private readonly abort = new AbortController()
  private readonly threads: (ProverThread | undefined)[]
  private loops: Promise<void>[] = []

  constructor(private readonly opts: LocalProversOptions) {
    this.threads = Array.from({ length: opts.count }, () => undefined)
  }

  start(): void {
    if (this.loops.length > 0) return
    this.loops = this.threads.map((_, i) => this.loop(i))
  }

  private async loop(i: number): Promise<void> {
    const { coordinator, logger } = this.opts
    const proverId = `relay-thread-${i}`
    const backoff = new Backoff(1_000, 30_000)
    const signal = this.abort.signal
    while (!signal.aborted) {
      try {
        const job = await coordinator.requestJob(proverId)
        if (!job) {
          await coordinator.waitForWork(this.opts.idleMs ?? 1_000, signal)
          continue
        }
        const thread = (this.threads[i] ??= new ProverThread(this.opts.artifacts, proverId))
        const proof = await thread.prove(job.circuitInput)
        if (signal.aborted) break
        await coordinator.submit(job.jobId, proof)
        backoff.reset()
      } catch (err) {
        if (signal.aborted) break
        if (this.threads[i]?.exited) this.threads[i] = undefined
        const wait = backoff.next()
        logger?.error(`[prover] ${proverId} failed; retrying in ${wait} ms`, err)
        await sleep(wait, signal)
      }
    }
  }

  async stop(): Promise<void> {
    this.abort.abort()
    await Promise.all(this.threads.map((t) => t?.close()))
    await Promise.all(this.loops)
  }
}
