// Signature checks off the event loop: a small pool of worker threads (sigcheck.worker.ts), each
// fed batches (every check asked for in one turn of the event loop goes out as one message per
// worker), the least-loaded worker first. The inline checker does the same work in this thread,
// for tests and for callers that want no threads.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { BaseError, registerErrorClasses } from '../errors'
import type { SigCheckItem, SigCheckRequest, SigCheckResponse, SigCheckVerdict } from './protocol'
import { checkSignature } from './verdict'

/** A signature check could not be run (its worker failed or the checker is closed); the signature was not judged. */
export class SignatureCheckFailedError extends BaseError {
  override name = 'SignatureCheckFailedError'
  static override readonly code: string = 'RELAY_SIGNATURE_CHECK_FAILED'
}
registerErrorClasses(SignatureCheckFailedError)

export interface SignatureChecker {
  /** Which of `item.domains` the signature verifies for (-1: none), and the tx hash over the first. */
  check(item: SigCheckItem): Promise<SigCheckVerdict>
  close(): Promise<void>
}

/** Checks in the calling thread. */
export function inlineSignatureChecker(): SignatureChecker {
  return {
    check: async (item) => checkSignature(item),
    close: async () => {},
  }
}

type Waiter = { resolve: (verdict: SigCheckVerdict) => void; reject: (err: unknown) => void }
type Slot = {
  worker: Worker
  /** Items sent or queued and not answered yet. */
  load: number
  queue: { item: SigCheckItem; waiter: Waiter }[]
  inFlight: Map<number, Waiter[]>
}

/** Default thread count: one per core the relay's own thread does not use, at least one. */
export function defaultSignatureThreads(): number {
  return Math.max(1, availableParallelism() - 1)
}

export class WorkerSignatureChecker implements SignatureChecker {
  private readonly slots: Slot[] = []
  private nextId = 1
  private closed = false
  private flushScheduled = false

  private constructor(threads: number) {
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn())
  }

  /** Starts `threads` workers (they load Poseidon on their own; the first checks wait for it). */
  static start(threads: number = defaultSignatureThreads()): WorkerSignatureChecker {
    return new WorkerSignatureChecker(Math.max(1, Math.floor(threads)))
  }

  get threads(): number {
    return this.slots.length
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./sigcheck.worker.mjs', import.meta.url), { name: 'lantern-sigcheck' })
    // A relay waiting only on idle workers may still exit.
    worker.unref()
    const slot: Slot = { worker, load: 0, queue: [], inFlight: new Map() }
    worker.on('message', (response: SigCheckResponse) => {
      const waiters = slot.inFlight.get(response.id)
      if (!waiters) return
      slot.inFlight.delete(response.id)
      slot.load -= waiters.length
      if ('error' in response) {
        const err = new SignatureCheckFailedError('A signature-check worker failed.', { details: response.error })
        for (const w of waiters) w.reject(err)
      } else waiters.forEach((w, i) => w.resolve(response.verdicts[i]!))
    })
    const fail = (cause: unknown) => {
      const index = this.slots.indexOf(slot)
      if (index === -1) return
      const err = new SignatureCheckFailedError('A signature-check worker stopped.', { cause })
      for (const waiters of slot.inFlight.values()) for (const w of waiters) w.reject(err)
      for (const { waiter } of slot.queue) waiter.reject(err)
      slot.inFlight.clear()
      slot.queue.length = 0
      if (this.closed) this.slots.splice(index, 1)
      else this.slots[index] = this.spawn()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)))
    return slot
  }

  check(item: SigCheckItem): Promise<SigCheckVerdict> {
    if (this.closed) return Promise.reject(new SignatureCheckFailedError('The signature checker is closed.'))
    return new Promise((resolve, reject) => {
      let slot = this.slots[0]!
      for (const s of this.slots) if (s.load < slot.load) slot = s
      slot.load++
      slot.queue.push({ item, waiter: { resolve, reject } })
      if (!this.flushScheduled) {
        this.flushScheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  private flush(): void {
    this.flushScheduled = false
    for (const slot of this.slots) {
      if (slot.queue.length === 0) continue
      const batch = slot.queue.splice(0)
      const id = this.nextId++
      slot.inFlight.set(id, batch.map((q) => q.waiter))
      slot.worker.postMessage({ id, items: batch.map((q) => q.item) } satisfies SigCheckRequest)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }
}
