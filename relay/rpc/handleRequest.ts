// JSON-RPC 2.0 dispatch, transport-agnostic (HTTP and WebSocket both use it): parse, check the
// limits (batch size, nesting), validate the envelope, look the method up, validate params with
// its schema, call it, make the result JSON-safe, and map every failure to a standard error.
// Batches and notifications follow the spec. Nothing a client sends can make this throw.
import { toJsonValue } from '../../src/rpc/encode'
import { BaseError } from '../errors'
import {
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  LimitExceededError,
  MethodNotFoundError,
  ParseError,
  toJsonRpcError,
} from './errors'
import type { Connection, JsonRpcId, JsonRpcResponse, RelayContext, RpcMethod } from './types'

export type Logger = { error: (message: string, err?: unknown) => void; info?: (message: string) => void }

export type DispatchLimits = {
  /** Most requests in one batch. */
  maxBatch: number
  /** Deepest nesting of arrays/objects in a request body. */
  maxDepth: number
}

export const DEFAULT_DISPATCH_LIMITS: DispatchLimits = { maxBatch: 100, maxDepth: 32 }

export type DispatchOptions = {
  methods: Readonly<Record<string, RpcMethod>>
  ctx: RelayContext
  logger?: Logger
  limits?: DispatchLimits
  /** The transport the request came on (subscriptions need a WebSocket). */
  conn?: Connection
  /** Check every result against its schema (tests and development): a mismatch is a -32603. */
  validateResults?: boolean
}

const HTTP: Connection = { transport: 'http' }

/** Handles one message: a single request or a batch. Returns undefined when nothing must be sent back (only notifications). */
export async function handleRpcBody(body: string, opts: DispatchOptions): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  let payload: unknown
  try {
    payload = JSON.parse(body)
  } catch (err) {
    return errorResponse(null, new ParseError({ cause: err }))
  }
  const limits = opts.limits ?? DEFAULT_DISPATCH_LIMITS
  if (Array.isArray(payload)) {
    if (payload.length === 0) return errorResponse(null, new InvalidRequestError('empty batch'))
    if (payload.length > limits.maxBatch) return errorResponse(null, new LimitExceededError({ limit: 'batch', max: limits.maxBatch }))
  }
  if (depthExceeds(payload, limits.maxDepth)) return errorResponse(null, new LimitExceededError({ limit: 'depth', max: limits.maxDepth }))
  if (Array.isArray(payload)) {
    const responses = await Promise.all(payload.map((item) => handleRpcRequest(item, opts)))
    const sent = responses.filter((r): r is JsonRpcResponse => r !== undefined)
    return sent.length > 0 ? sent : undefined
  }
  return handleRpcRequest(payload, opts)
}

/** True if `value` nests arrays/objects deeper than `max` (iterative: no stack to overflow). */
function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (depth >= max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))
}

/** Handles one decoded request object. */
export async function handleRpcRequest(request: unknown, opts: DispatchOptions): Promise<JsonRpcResponse | undefined> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return errorResponse(null, new InvalidRequestError('expected an object'))
  }
  const r = request as Record<string, unknown>
  const hasId = 'id' in r
  const id: JsonRpcId = isId(r.id) ? r.id : null
  if (hasId && !isId(r.id)) return errorResponse(null, new InvalidRequestError('id must be a string, number or null'))
  if (r.jsonrpc !== '2.0') return errorResponse(id, new InvalidRequestError('jsonrpc must be "2.0"'))
  if (typeof r.method !== 'string') return errorResponse(id, new InvalidRequestError('method must be a string'))
  if (r.params !== undefined && (typeof r.params !== 'object' || r.params === null)) {
    return errorResponse(id, new InvalidRequestError('params must be an array or an object'))
  }

  const method = r.method
  const response = await call(method, r.params ?? [], opts).then(
    (result): JsonRpcResponse => ({ jsonrpc: '2.0', id, result }),
    (err: unknown) => {
      // Rule violations (protocol, pool, RPC) are the client's business; anything else is logged.
      if (!(err instanceof BaseError) || err instanceof InternalRpcError) opts.logger?.error(`[relay] ${method.slice(0, 64)} failed`, err)
      return errorResponse(id, err)
    },
  )
  // A request without an id is a notification: run it, answer nothing.
  return hasId ? response : undefined
}

async function call(method: string, params: unknown, opts: DispatchOptions): Promise<unknown> {
  const entry = Object.hasOwn(opts.methods, method) ? opts.methods[method] : undefined
  if (!entry) throw new MethodNotFoundError(method.length > 64 ? `${method.slice(0, 64)}…` : method)
  const conn = opts.conn ?? HTTP
  if (entry.transport === 'ws' && conn.transport !== 'ws') throw new MethodNotFoundError(method, 'WebSocket only')
  const parsed = entry.params.safeParse(params)
  if (!parsed.success) {
    throw new InvalidParamsError(
      method,
      parsed.error.issues.map((issue) => `${issue.path.length > 0 ? `params[${issue.path.join('.')}]` : 'params'}: ${issue.message}`),
    )
  }
  const raw = await entry.handler(parsed.data, opts.ctx, conn)
  let result: unknown
  try {
    result = toJsonValue(raw ?? null)
  } catch (err) {
    throw new InternalRpcError({ cause: err })
  }
  if (opts.validateResults && entry.result) {
    const checked = entry.result.safeParse(result)
    if (!checked.success) throw new InternalRpcError({ cause: checked.error, details: `${method} result does not match its schema` })
  }
  return result
}

function errorResponse(id: JsonRpcId, err: unknown): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: toJsonRpcError(err) }
}
