// The relay's HTTP face: POST / (JSON-RPC 2.0), GET /health, CORS for the browser app.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { handleRpcBody, type Logger } from './handleRequest'
import type { RelayContext, RpcMethod } from './types'

const MAX_BODY_BYTES = 1024 * 1024

export type HttpServerOptions = {
  ctx: RelayContext
  methods: Readonly<Record<string, RpcMethod>>
  logger?: Logger
}

export function createHttpServer(opts: HttpServerOptions): Server {
  return createServer((req, res) => {
    handle(req, res, opts).catch((err: unknown) => {
      opts.logger?.error('[relay] request failed', err)
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
      else res.end()
    })
  })
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: HttpServerOptions): Promise<void> {
  setCors(req, res, opts.ctx.config.corsOrigin)
  const path = new URL(req.url ?? '/', 'http://relay').pathname

  if (req.method === 'OPTIONS') {
    res.writeHead(204).end()
    return
  }
  if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    sendJson(res, 200, { status: 'ok' })
    return
  }
  if (path === '/' && req.method === 'POST') {
    const body = await readBody(req)
    if (body === undefined) {
      sendJson(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` })
      return
    }
    const response = await handleRpcBody(body, opts)
    if (response === undefined) res.writeHead(204).end()
    else sendJson(res, 200, response)
    return
  }
  sendJson(res, 404, { error: 'not found: POST / for JSON-RPC, GET /health' })
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

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
