// JSON-RPC 2.0 dispatch, transport-agnostic (the HTTP server uses it now, WebSocket later):
// parse, validate the envelope, look the method up, validate params with its schema, call it,
// and map every failure to a standard error. Batches and notifications follow the spec.
import { InternalRpcError, InvalidParamsError, InvalidRequestError, MethodNotFoundError, ParseError, RpcError, toJsonRpcError } from './errors'
import type { JsonRpcId, JsonRpcResponse, RelayContext, RpcMethod } from './types'

export type Logger = { error: (message: string, err?: unknown) => void }

type Options = {
  methods: Readonly<Record<string, RpcMethod>>
  ctx: RelayContext
  logger?: Logger
}

/** Handles one HTTP body: a single request or a batch. Returns undefined when nothing must be sent back (only notifications). */
export async function handleRpcBody(body: string, opts: Options): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  let payload: unknown
  try {
    payload = JSON.parse(body)
  } catch (err) {
    return errorResponse(null, new ParseError({ cause: err }))
  }
  if (Array.isArray(payload)) {
    if (payload.length === 0) return errorResponse(null, new InvalidRequestError('empty batch'))
    const responses = await Promise.all(payload.map((item) => handleRpcRequest(item, opts)))
    const sent = responses.filter((r): r is JsonRpcResponse => r !== undefined)
    return sent.length > 0 ? sent : undefined
  }
  return handleRpcRequest(payload, opts)
}

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))
}

/** Handles one decoded request object. */
export async function handleRpcRequest(request: unknown, opts: Options): Promise<JsonRpcResponse | undefined> {
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

  const response = await call(r.method, r.params ?? [], opts).then(
    (result): JsonRpcResponse => ({ jsonrpc: '2.0', id, result: result ?? null }),
    (err: unknown) => {
      if (!(err instanceof RpcError) || err instanceof InternalRpcError) {
        opts.logger?.error(`[relay] ${String(r.method)} failed`, err)
      }
      return errorResponse(id, err)
    },
  )
  // A request without an id is a notification: run it, answer nothing.
  return hasId ? response : undefined
}

async function call(method: string, params: unknown, opts: Options): Promise<unknown> {
  const entry = Object.hasOwn(opts.methods, method) ? opts.methods[method] : undefined
  if (!entry) throw new MethodNotFoundError(method)
  const parsed = entry.params.safeParse(params)
  if (!parsed.success) {
    throw new InvalidParamsError(
      method,
      parsed.error.issues.map((issue) => `${issue.path.length > 0 ? `params[${issue.path.join('.')}]` : 'params'}: ${issue.message}`),
    )
  }
  return entry.handler(parsed.data, opts.ctx)
}

function errorResponse(id: JsonRpcId, err: unknown): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: toJsonRpcError(err) }
}
