// JSON-RPC 2.0 errors. Each carries its standard code; `toJsonRpcError` turns any thrown value
// into the wire shape, keeping `name` and `shortMessage` in `data` so clients can rebuild a typed
// error (CONVENTIONS.md). Unknown errors become -32603 without leaking their message.
import { BaseError, type BaseErrorParameters } from '../errors'

export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** App code: the L1 node the relay depends on did not answer. */
  L1Unavailable: -32001,
} as const

export class RpcError extends BaseError {
  override name = 'RpcError'
  readonly code: number
  constructor(code: number, shortMessage: string, parameters?: BaseErrorParameters) {
    super(shortMessage, parameters)
    this.code = code
  }
}

export class ParseError extends RpcError {
  override name = 'ParseError'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.ParseError, 'Parse error: the request body is not valid JSON.', parameters)
  }
}

export class InvalidRequestError extends RpcError {
  override name = 'InvalidRequestError'
  constructor(reason: string, parameters?: BaseErrorParameters) {
    super(RpcErrorCode.InvalidRequest, `Invalid request: ${reason}`, parameters)
  }
}

export class MethodNotFoundError extends RpcError {
  override name = 'MethodNotFoundError'
  readonly method: string
  constructor(method: string) {
    super(RpcErrorCode.MethodNotFound, `Method not found: ${method}`)
    this.method = method
  }
}

export class InvalidParamsError extends RpcError {
  override name = 'InvalidParamsError'
  constructor(method: string, issues: string[]) {
    super(RpcErrorCode.InvalidParams, `Invalid params for ${method}.`, { metaMessages: issues })
  }
}

export class InternalRpcError extends RpcError {
  override name = 'InternalRpcError'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.InternalError, 'Internal error.', parameters)
  }
}

export class L1UnavailableError extends RpcError {
  override name = 'L1UnavailableError'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.L1Unavailable, 'The L1 node is unavailable.', parameters)
  }
}

export type JsonRpcErrorObject = {
  code: number
  message: string
  data?: { name: string; shortMessage: string; details?: string; metaMessages?: string[] }
}

/** The JSON-RPC `error` member for any thrown value. */
export function toJsonRpcError(err: unknown): JsonRpcErrorObject {
  const rpcError = err instanceof RpcError ? err : new InternalRpcError({ cause: err })
  const data: NonNullable<JsonRpcErrorObject['data']> = { name: rpcError.name, shortMessage: rpcError.shortMessage }
  if (rpcError.metaMessages) data.metaMessages = rpcError.metaMessages
  // Internal errors keep their cause server-side (logged), never on the wire.
  if (!(rpcError instanceof InternalRpcError) && rpcError.details) data.details = rpcError.details
  return { code: rpcError.code, message: rpcError.shortMessage, data }
}
