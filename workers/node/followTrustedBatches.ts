/**
 * Follows the relay's `lantern_subscribe("trustedBatches")` over WebSocket and hands each pushed
 * batch to the node as trusted state (number and L1 record only: the node computes everything
 * else itself). A message that is not a valid notification is dropped; a closed socket is
 * reopened with backoff. The relay is never a source of truth: what it says is only compared
 * with what L1 later shows.
 */
import { hexToBytes } from '../../src/protocol/field.js'
import { trustedBatch } from '../../src/rpc/schema.js'
import type { TrustedBatch } from './nodeRecords.js'

/** The WebSocket constructor used (the worker's global one; tests may pass another). */
export type WebSocketLike = {
  readonly readyState: number
  send(data: string): void
  close(): void
  addEventListener(type: 'open' | 'close' | 'message' | 'error', listener: (event: { data?: unknown }) => void): void
}

/** Options of `followTrustedBatches`. */
export type FollowTrustedBatchesOptions = {
  /** The relay's WebSocket URL (ws:// or wss://). */
  url: string
  onBatch(batch: TrustedBatch): void | Promise<void>
  /** Told when the connection drops or a message is refused (for the status the UI shows). */
  onProblem?(reason: string): void
  /** Told when the relay confirmed the subscription (the connection is healthy again). */
  onSubscribed?(): void
  createSocket?: (url: string) => WebSocketLike
  /** First reconnect delay in ms (doubles up to 30 s; default 1000). */
  retryMs?: number
}

const SUBSCRIBE_ID = 1

/** Starts following; returns the function that stops. */
export function followTrustedBatches(options: FollowTrustedBatchesOptions): () => void {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike)
  let stopped = false
  let socket: WebSocketLike | undefined
  let delay = options.retryMs ?? 1000
  let timer: ReturnType<typeof setTimeout> | undefined
  // Notifications are applied one at a time, in the order the relay sent them.
  let applying: Promise<unknown> = Promise.resolve()

  const connect = () => {
    if (stopped) return
    let subscription: string | undefined
    const ws = createSocket(options.url)
    socket = ws
    ws.addEventListener('open', () => {
      delay = options.retryMs ?? 1000
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: SUBSCRIBE_ID, method: 'lantern_subscribe', params: ['trustedBatches'] }))
    })
    ws.addEventListener('message', (event) => {
      let message: { id?: unknown; result?: unknown; method?: unknown; params?: { subscription?: unknown; result?: unknown } }
      try {
        message = JSON.parse(String(event.data)) as typeof message
      } catch {
        options.onProblem?.('the relay sent a message that is not JSON')
        return
      }
      if (message.id === SUBSCRIBE_ID && typeof message.result === 'string') {
        subscription = message.result
        options.onSubscribed?.()
        return
      }
      if (message.method !== 'lantern_subscription' || message.params?.subscription !== subscription) return
      const parsed = trustedBatch.safeParse(message.params?.result)
      if (!parsed.success) {
        options.onProblem?.('the relay sent a trusted batch that does not match the schema')
        return
      }
      const batch: TrustedBatch = { batchNumber: BigInt(parsed.data.number), record: hexToBytes(parsed.data.batchL2Data) }
      applying = applying.then(() => options.onBatch(batch)).catch((error: unknown) => options.onProblem?.(`recording trusted batch ${batch.batchNumber} failed: ${String((error as Error)?.message ?? error)}`))
    })
    ws.addEventListener('close', () => {
      if (stopped || socket !== ws) return
      options.onProblem?.('the relay connection closed')
      timer = setTimeout(connect, delay)
      delay = Math.min(delay * 2, 30_000)
    })
  }
  connect()
  return () => {
    stopped = true
    clearTimeout(timer)
    socket?.close()
  }
}
