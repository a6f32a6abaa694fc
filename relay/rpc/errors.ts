// JSON-RPC 2.0 errors. Each carries its numeric JSON-RPC code (`rpcCode`) next to the string
// `code` every BaseError has. `toJsonRpcError` turns any thrown value into the wire shape:
// `data` carries `name`, `code` and `shortMessage` so clients rebuild a typed error
// (CONVENTIONS.md); protocol errors travel as `serializeError` output under app code -32000.
// Unknown errors become -32603 without leaking their message.
import { BaseError, serializeError, type BaseErrorParameters, type ErrorData } from '../../src/protocol/errors'

export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** App code: a protocol rule rejected the request (`data` is a serialized protocol error). */
  ProtocolError: -32000,
  /** App code: the L1 node the relay depends on did not answer. */
  L1Unavailable: -32001,
} as const

export class RpcError extends BaseError {
  override name = 'RpcError'
  static override readonly code: string = 'RPC_ERROR'
  /** The JSON-RPC error code sent on the wire. */
  readonly rpcCode: number
  constructor(rpcCode: number, shortMessage: string, parameters?: BaseErrorParameters) {
    super(shortMessage, parameters)
    this.rpcCode = rpcCode
  }
}

export class ParseError extends RpcError {
  override name = 'ParseError'
  static override readonly code: string = 'RPC_PARSE_ERROR'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.ParseError, 'Parse error: the request body is not valid JSON.', parameters)
  }
}

export class InvalidRequestError extends RpcError {
  override name = 'InvalidRequestError'
  static override readonly code: string = 'RPC_INVALID_REQUEST'
  constructor(reason: string, parameters?: BaseErrorParameters) {
    super(RpcErrorCode.InvalidRequest, `Invalid request: ${reason}`, parameters)
  }
}

export class MethodNotFoundError extends RpcError {
  override name = 'MethodNotFoundError'
  static override readonly code: string = 'RPC_METHOD_NOT_FOUND'
  readonly method: string
  constructor(method: string) {
    super(RpcErrorCode.MethodNotFound, `Method not found: ${method}`)
    this.method = method
  }
}

export class InvalidParamsError extends RpcError {
  override name = 'InvalidParamsError'
  static override readonly code: string = 'RPC_INVALID_PARAMS'
  constructor(method: string, issues: string[]) {
    super(RpcErrorCode.InvalidParams, `Invalid params for ${method}.`, { metaMessages: issues })
  }
}

export class InternalRpcError extends RpcError {
  override name = 'InternalRpcError'
  static override readonly code: string = 'RPC_INTERNAL_ERROR'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.InternalError, 'Internal error.', parameters)
  }
}

export class L1UnavailableError extends RpcError {
  override name = 'L1UnavailableError'
  static override readonly code: string = 'L1_UNAVAILABLE'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.L1Unavailable, 'The L1 node is unavailable.', parameters)
  }
}

export type JsonRpcErrorData = {
  name: string
  code: string
  shortMessage: string
  details?: string
  metaMessages?: string[]
  data?: ErrorData
}

export type JsonRpcErrorObject = { code: number; message: string; data?: JsonRpcErrorData }

/** The JSON-RPC `error` member for any thrown value. */
export function toJsonRpcError(err: unknown): JsonRpcErrorObject {
  if (err instanceof BaseError && !(err instanceof RpcError)) {
    // A protocol rule (nonce, balance, signature, …): the client rebuilds it with deserializeError.
    const { name, code, shortMessage, details, metaMessages, data } = serializeError(err)
    return {
      code: RpcErrorCode.ProtocolError,
      message: shortMessage,
      data: { name, code, shortMessage, ...(details ? { details } : {}), ...(metaMessages ? { metaMessages } : {}), ...(data && Object.keys(data).length > 0 ? { data } : {}) },
    }
  }
  const rpcError = err instanceof RpcError ? err : new InternalRpcError({ cause: err })
  const data: JsonRpcErrorData = { name: rpcError.name, code: rpcError.code, shortMessage: rpcError.shortMessage }
  if (rpcError.metaMessages) data.metaMessages = rpcError.metaMessages
  // Internal errors keep their cause server-side (logged), never on the wire.
  if (!(rpcError instanceof InternalRpcError) && rpcError.details) data.details = rpcError.details
  return { code: rpcError.rpcCode, message: rpcError.shortMessage, data }
}
