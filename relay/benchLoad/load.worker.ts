// The relay bench's load generator, in a thread of its own so the relay's event loop does only
// the relay's work (real clients are other machines). It opens the WebSocket clients and the
// trustedBatches observer, sends each payload at its scheduled time and reports, per transfer,
// the time from its scheduled send to the notification of the trusted batch that includes it.
// Latency still counts from the schedule: a relay that stalls is charged for the stall.
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'
import { WebSocket } from 'ws'

export type LoadPayload = { hash: string; body: string }
export type LoadRequest = { url: string; payloads: LoadPayload[][]; dueMs: number[][] }
export type LoadResult =
  | { ok: true; latencies: number[]; spanMs: number; batches: number; activeMs: number }
  | { ok: false; error: string }

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return ws
}

async function run({ url, payloads, dueMs }: LoadRequest): Promise<LoadResult> {
  const observer = await open(url)
  const clients = await Promise.all(payloads.map(() => open(url)))
  const scheduledAt = new Map<string, number>()
  const latencies: number[] = []
  let batches = 0
  const total = payloads.reduce((n, p) => n + p.length, 0)
  let lastInclusion = 0
  let failed: ((err: Error) => void) | undefined
  const failure = new Promise<never>((_, reject) => (failed = reject))
  const done = new Promise<void>((resolve) => {
    observer.on('message', (m) => {
      const msg = JSON.parse(m.toString()) as { method?: string; params?: { result: { slots: { hash: string }[] } } }
      if (msg.method !== 'lantern_subscription') return
      batches++
      const t = performance.now()
      for (const slot of msg.params!.result.slots) {
        const t0 = scheduledAt.get(slot.hash)
        if (t0 !== undefined) latencies.push(t - t0)
      }
      lastInclusion = t
      if (latencies.length >= total) resolve()
    })
  })
  observer.send(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'lantern_subscribe', params: ['trustedBatches'] }))
  await new Promise((resolve) => setTimeout(resolve, 50))
  for (const ws of clients) {
    ws.on('message', (m) => {
      const msg = JSON.parse(m.toString()) as { result?: unknown; error?: unknown }
      if (!msg.result) failed!(new Error(`refused: ${JSON.stringify(msg.error)}`))
    })
  }
  // Every send in due order, dispatched by one timer that catches up on whatever is overdue.
  const queue = payloads.flatMap((list, c) => list.map((p, j) => ({ c, p, at: dueMs[c]![j]! }))).sort((a, b) => a.at - b.at)
  const elu0 = performance.eventLoopUtilization()
  const start = performance.now()
  let next = 0
  const pump = () => {
    const now = performance.now() - start
    while (next < queue.length && queue[next]!.at <= now) {
      const { c, p, at } = queue[next++]!
      scheduledAt.set(p.hash, start + at)
      clients[c]!.send(p.body)
    }
    if (next < queue.length) setTimeout(pump, Math.max(0, Math.min(5, queue[next]!.at - now)))
  }
  pump()
  try {
    await Promise.race([done, failure])
  } finally {
    for (const ws of [observer, ...clients]) ws.close()
  }
  return { ok: true, latencies, spanMs: lastInclusion - start, batches, activeMs: performance.eventLoopUtilization(elu0).active }
}

// Only inside the bench's thread: importing this module for its types starts nothing.
if (!isMainThread && parentPort) {
  const port = parentPort
  run(workerData as LoadRequest).then(
    (result) => port.postMessage(result),
    (err: unknown) => port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) } satisfies LoadResult),
  )
}
