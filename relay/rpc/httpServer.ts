// The relay's network face, one port: POST / (JSON-RPC 2.0 over HTTP), GET /health, CORS for
// the browser app, and WebSocket upgrades on / (JSON-RPC 2.0 plus subscriptions).
//
// Limits (docs/RPC.md): body size, WebSocket message size (the socket is closed with 1009),
// requests per batch and nesting depth (handleRequest), requests per second per connection
// (a token bucket per TCP connection; each request of a batch counts), subscriptions per socket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'
import { toJsonValue } from '../../src/rpc/encode'
import { LimitExceededError, toJsonRpcError } from './errors'
import { DEFAULT_DISPATCH_LIMITS, type DispatchLimits, handleRpcBody, type Logger } from './handleRequest'
import { TokenBucket } from './rateLimiter'
import type { Connection, JsonRpcResponse, RelayContext, RpcMethod } from './types'
import { headerView, trustedBatchView } from './views'
import type { BatchRecord } from '../store/records'

export type ServerLimits = DispatchLimits & {
  maxBodyBytes: number
  maxWsMessageBytes: number
  /** Requests per second per connection (average) and burst. */
  ratePerSecond: number
  rateBurst: number
  maxSubscriptionsPerSocket: number
  /** A socket whose unsent data exceeds this is closed (a slow subscriber must not eat memory). */
  maxWsBufferedBytes: number
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  ...DEFAULT_DISPATCH_LIMITS,
  maxBodyBytes: 1024 * 1024,
  maxWsMessageBytes: 1024 * 1024,
  ratePerSecond: 500,
  rateBurst: 1_000,
  maxSubscriptionsPerSocket: 16,
  maxWsBufferedBytes: 8 * 1024 * 1024,
}

export type HttpServerOptions = {
  ctx: RelayContext
  methods: Readonly<Record<string, RpcMethod>>
  logger?: Logger
  limits?: Partial<ServerLimits>
  validateResults?: boolean
}

function countRequests(body: string): number {
  // Cheap pre-count for the rate limit; exact parsing happens in the dispatcher.
  const trimmed = body.trimStart()
  if (!trimmed.startsWith('[')) return 1
  let n = 0
  for (let i = body.indexOf('"jsonrpc"'); i !== -1; i = body.indexOf('"jsonrpc"', i + 1)) n++
  return Math.max(1, n)
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return JSON.stringify(toJsonValue(value))
  }
}

export function createHttpServer(opts: HttpServerOptions): Server {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...opts.limits }
  const buckets = new WeakMap<Socket, TokenBucket>()
  const bucketFor = (socket: Socket) => {
    let bucket = buckets.get(socket)
    if (!bucket) buckets.set(socket, (bucket = new TokenBucket(limits.ratePerSecond, limits.rateBurst)))
    return bucket
  }
  const dispatch = (body: string, conn: Connection) =>
    handleRpcBody(body, { methods: opts.methods, ctx: opts.ctx, limits, conn, ...(opts.logger ? { logger: opts.logger } : {}), ...(opts.validateResults ? { validateResults: true } : {}) })

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.logger?.error('[relay] request failed', err)
      if (!res.headersSent) sendJson(res, 500, { jsonrpc: '2.0', id: null, error: toJsonRpcError(err) })
      else res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCors(req, res, opts.ctx.config.corsOrigin)
    const path = new URL(req.url ?? '/', 'http://relay').pathname
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end()
      return
    }
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      // Degraded is still 200: the relay serves reads and accepts transactions while L1 is down.
      const health = opts.ctx.health
      sendJson(res, 200, health?.degraded ? { status: 'degraded', l1: health.reasons } : { status: 'ok' })
      return
    }
    if (path === '/' && req.method === 'POST') {
      const body = await readBody(req, limits.maxBodyBytes)
      if (body === undefined) {
        res.setHeader('connection', 'close')
        sendJson(res, 413, { jsonrpc: '2.0', id: null, error: toJsonRpcError(new LimitExceededError({ limit: 'body', max: limits.maxBodyBytes })) })
        req.socket.destroySoon?.()
        return
      }
      if (!bucketFor(req.socket).take(countRequests(body))) {
        sendJson(res, 429, { jsonrpc: '2.0', id: null, error: toJsonRpcError(new LimitExceededError({ limit: 'rate', max: limits.ratePerSecond })) })
        return
      }
      const response = await dispatch(body, { transport: 'http' })
      if (response === undefined) res.writeHead(204).end()
      else sendJson(res, 200, response)
      return
    }
    sendJson(res, 404, { error: 'not found: POST / for JSON-RPC (or a WebSocket upgrade), GET /health' })
  }

  // --- WebSocket ---
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxWsMessageBytes })
  type Sub = { kind: 'eth' | 'lantern'; topic: 'newHeads' | 'trustedBatches' }
  const sockets = new Map<WebSocket, Map<string, Sub>>()
  let nextSub = 1n

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://relay').pathname
    if (path !== '/') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  wss.on('connection', (ws: WebSocket) => {
    const subs = new Map<string, Sub>()
    sockets.set(ws, subs)
    const bucket = new TokenBucket(limits.ratePerSecond, limits.rateBurst)
    const conn: Connection = {
      transport: 'ws',
      subscribe: (kind, topic) => {
        if (subs.size >= limits.maxSubscriptionsPerSocket) throw new LimitExceededError({ limit: 'subscriptions', max: limits.maxSubscriptionsPerSocket })
        const id = `0x${(nextSub++).toString(16)}` as const
        subs.set(id, { kind, topic })
        return id
      },
      unsubscribe: (id) => subs.delete(id.toLowerCase()),
    }
    const send = (value: unknown) => {
      if (ws.readyState !== WebSocket.OPEN) return
      if (ws.bufferedAmount > limits.maxWsBufferedBytes) {
        ws.close(1013, 'too slow: send buffer full')
        return
      }
      ws.send(stringify(value))
    }
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()
      if (!bucket.take(countRequests(text))) {
        send({ jsonrpc: '2.0', id: null, error: toJsonRpcError(new LimitExceededError({ limit: 'rate', max: limits.ratePerSecond })) })
        return
      }
      dispatch(text, conn).then(
        (response: JsonRpcResponse | JsonRpcResponse[] | undefined) => {
          if (response !== undefined) send(response)
        },
        (err: unknown) => opts.logger?.error('[relay] ws message failed', err),
      )
    })
    ws.on('error', () => ws.terminate())
    ws.on('close', () => sockets.delete(ws))
  })

  const node = opts.ctx.node
  const offBatch = node?.sequencer.onBatch((batch: BatchRecord) => {
    // Each topic's result is encoded once per batch; only the subscription id differs per subscriber.
    const encoded: Partial<Record<Sub['topic'], string>> = {}
    const resultJson = (topic: Sub['topic']) => (encoded[topic] ??= stringify(topic === 'newHeads' ? headerView(batch) : trustedBatchView(batch)))
    for (const [ws, subs] of sockets) {
      for (const [id, sub] of subs) {
        if (ws.readyState !== WebSocket.OPEN) break
        if (ws.bufferedAmount > limits.maxWsBufferedBytes) {
          ws.close(1013, 'too slow: send buffer full')
          break
        }
        ws.send(`{"jsonrpc":"2.0","method":"${sub.kind}_subscription","params":{"subscription":"${id}","result":${resultJson(sub.topic)}}}`)
      }
    }
  })

  server.on('close', () => {
    offBatch?.()
    for (const ws of sockets.keys()) ws.terminate()
    wss.close()
  })
  return server
}

function setCors(req: IncomingMessage, res: ServerResponse, allowed: string): void {
  const origin = req.headers.origin
  if (allowed === '*') res.setHeader('Access-Control-Allow-Origin', '*')
  else if (origin && allowed.split(',').map((o) => o.trim()).includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin)
    res.setHeader('Vary', 'Origin')
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
  res.setHeader('Access-Control-Allow-Headers', 'content-type')
}

function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0')
    if (declared > max) {
      req.resume()
      resolve(undefined)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > max) {
        tooLarge = true
        chunks.length = 0
        resolve(undefined)
      } else chunks.push(chunk)
    })
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
