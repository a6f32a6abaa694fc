/**
 * Errors that cross the relay's JSON-RPC boundary, shared by the relay (which throws them) and
 * its clients (the app, the light node), which rebuild them as the same typed class with
 * `fromJsonRpcError`. Browser-safe: no Node APIs.
 *
 * Wire shape: `{ code, message, data: { name, code, shortMessage, details?, metaMessages?, data? } }`.
 * `error.code` is the JSON-RPC number (standard codes, or an app code below); `data.code` is the
 * stable string code of the class (BaseError.code), which is what selects the class on rebuild.
 */
import {
  BaseError,
  type BaseErrorParameters,
  type ErrorData,
  deserializeError,
  registerErrorClasses,
  serializeError,
} from '../protocol/errors.js'

/** JSON-RPC error codes the relay sends (docs/RPC.md). */
export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** App code: a protocol or pool rule rejected the request; `data.code` names which one. */
  Rejected: -32000,
  /** App code: the L1 node the relay depends on did not answer. */
  L1Unavailable: -32001,
  /** App code (EIP-1474's "limit exceeded"): rate limit, batch size or message size. */
  LimitExceeded: -32005,
} as const

/** An error of the JSON-RPC layer itself; `rpcCode` is the number sent as `error.code`. */
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

/** -32700: the body is not JSON. */
export class ParseError extends RpcError {
  override name = 'ParseError'
  static override readonly code: string = 'RPC_PARSE_ERROR'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.ParseError, 'Parse error: the request body is not valid JSON.', parameters)
  }
}

/** -32600: JSON, but not a JSON-RPC 2.0 request. */
export class InvalidRequestError extends RpcError {
  override name = 'InvalidRequestError'
  static override readonly code: string = 'RPC_INVALID_REQUEST'
  constructor(reason: string, parameters?: BaseErrorParameters) {
    super(RpcErrorCode.InvalidRequest, `Invalid request: ${reason}`, parameters)
  }
}

/** -32601: no such method (or not available on this transport). */
export class MethodNotFoundError extends RpcError {
  override name = 'MethodNotFoundError'
  static override readonly code: string = 'RPC_METHOD_NOT_FOUND'
  constructor(method: string, reason?: string) {
    super(RpcErrorCode.MethodNotFound, `Method not found: ${method}${reason ? ` (${reason})` : ''}`, {
      data: { method },
    })
  }
}

/** -32602: params do not match the method's schema. */
export class InvalidParamsError extends RpcError {
  override name = 'InvalidParamsError'
  static override readonly code: string = 'RPC_INVALID_PARAMS'
  constructor(method: string, issues: string[]) {
    super(RpcErrorCode.InvalidParams, `Invalid params for ${method}.`, { metaMessages: issues })
  }
}

/** -32603: anything unexpected; its cause stays in the relay's log. */
export class InternalRpcError extends RpcError {
  override name = 'InternalRpcError'
  static override readonly code: string = 'RPC_INTERNAL_ERROR'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.InternalError, 'Internal error.', parameters)
  }
}

/** -32001: the L1 node did not answer. */
export class L1UnavailableError extends RpcError {
  override name = 'L1UnavailableError'
  static override readonly code: string = 'L1_UNAVAILABLE'
  constructor(parameters?: BaseErrorParameters) {
    super(RpcErrorCode.L1Unavailable, 'The L1 node is unavailable.', parameters)
  }
}

/** Which limit of docs/RPC.md a request hit. */
export type RpcLimit = 'rate' | 'batch' | 'message' | 'body' | 'depth' | 'subscriptions'

/** -32005: a request limit (rate, batch size, message size, nesting, subscriptions). */
export class LimitExceededError extends RpcError {
  override name = 'LimitExceededError'
  static override readonly code: string = 'RPC_LIMIT_EXCEEDED'
  readonly limit: RpcLimit
  constructor({ limit, max }: { limit: RpcLimit; max: number }) {
    super(RpcErrorCode.LimitExceeded, `Limit exceeded: ${limit} (at most ${max}).`, { data: { limit, max } })
    this.limit = limit
  }
}

// --- pool admission (app code -32000, told apart by data.code) ---

/** The nonce is below the sender's next nonce: it was already used. */
export class NonceTooLowError extends BaseError {
  override name = 'NonceTooLowError'
  static override readonly code: string = 'NONCE_TOO_LOW'
  constructor({ accountIndex, nonce, next }: { accountIndex: number; nonce: bigint; next: bigint }) {
    super(`Nonce ${nonce} is too low: account ${accountIndex} is at nonce ${next}.`, {
      data: { accountIndex, nonce: nonce.toString(), next: next.toString() },
    })
  }
}

/** The nonce is further ahead of the sender's next nonce than the pool queues. */
export class NonceGapError extends BaseError {
  override name = 'NonceGapError'
  static override readonly code: string = 'NONCE_GAP'
  constructor({ accountIndex, nonce, next, maxGap }: { accountIndex: number; nonce: bigint; next: bigint; maxGap: number }) {
    super(`Nonce ${nonce} is too far ahead: account ${accountIndex} is at nonce ${next} and the pool queues at most ${maxGap} ahead.`, {
      data: { accountIndex, nonce: nonce.toString(), next: next.toString(), maxGap },
    })
  }
}

/** A transaction with the same sender and nonce is pooled with a fee this one does not beat. */
export class ReplacementUnderpricedError extends BaseError {
  override name = 'ReplacementUnderpricedError'
  static override readonly code: string = 'REPLACEMENT_UNDERPRICED'
  constructor({ accountIndex, nonce, pooledFee, minFee }: { accountIndex: number; nonce: bigint; pooledFee: bigint; minFee: bigint }) {
    super(`A transaction from account ${accountIndex} with nonce ${nonce} is pooled with fee ${pooledFee}; a replacement needs at least ${minFee} gwei.`, {
      data: { accountIndex, nonce: nonce.toString(), pooledFee: pooledFee.toString(), minFee: minFee.toString() },
    })
  }
}

/** The fee is below the relay's floor. */
export class FeeTooLowError extends BaseError {
  override name = 'FeeTooLowError'
  static override readonly code: string = 'FEE_TOO_LOW'
  constructor({ fee, minFee }: { fee: bigint; minFee: bigint }) {
    super(`Fee ${fee} gwei is below the relay's minimum of ${minFee} gwei.`, {
      data: { fee: fee.toString(), minFee: minFee.toString() },
    })
  }
}

/** The pool (globally, or for this sender) is at its limit. */
export class PoolFullError extends BaseError {
  override name = 'PoolFullError'
  static override readonly code: string = 'POOL_FULL'
  constructor({ scope, max, accountIndex }: { scope: 'global' | 'account'; max: number; accountIndex?: number }) {
    super(
      scope === 'global'
        ? `The pool is full (${max} transactions); try again later.`
        : `Account ${accountIndex} already has ${max} pooled transactions.`,
      { data: { scope, max, accountIndex: accountIndex ?? null } },
    )
  }
}

// --- state queries ---

/** The block tag names state the relay does not serve: `safe`/`finalized` need the L1 follower; old numbers need history. */
export class StateUnavailableError extends BaseError {
  override name = 'StateUnavailableError'
  static override readonly code: string = 'STATE_UNAVAILABLE'
  constructor({ tag, reason }: { tag: string; reason: string }) {
    super(`State at ${tag} is not available: ${reason}.`, { data: { tag, reason } })
  }
}

// --- prover jobs ---

/** lantern_submitProof names a job this relay never handed out (or forgot after the batch was proven). */
export class UnknownProverJobError extends BaseError {
  override name = 'UnknownProverJobError'
  static override readonly code: string = 'UNKNOWN_PROVER_JOB'
  constructor({ jobId }: { jobId: string }) {
    super(`No prover job ${jobId} is open on this relay.`, { data: { jobId } })
  }
}

/** A submitted proof does not verify against the job's public inputs with the relay's verification key. */
export class InvalidProofError extends BaseError {
  override name = 'InvalidProofError'
  static override readonly code: string = 'INVALID_PROOF'
  constructor({ jobId, batchNumber, reason }: { jobId: string; batchNumber: bigint; reason: string }) {
    super(`The proof for batch ${batchNumber} (job ${jobId}) was rejected: ${reason}.`, {
      data: { jobId, batchNumber: batchNumber.toString(), reason },
    })
  }
}

// --- backpressure ---

/** Trusted state is too far ahead of proving: the relay takes no new transaction until provers catch up. */
export class ProvingBacklogError extends BaseError {
  override name = 'ProvingBacklogError'
  static override readonly code: string = 'PROVING_BACKLOG'
  constructor({ unproven, max }: { unproven: number; max: number }) {
    super(`The relay has ${unproven} trusted batches not yet proven (limit ${max}); try again once proving catches up.`, {
      data: { unproven, max },
    })
  }
}

registerErrorClasses(
  StateUnavailableError,
  ProvingBacklogError,
  UnknownProverJobError,
  InvalidProofError,
  RpcError,
  ParseError,
  InvalidRequestError,
  MethodNotFoundError,
  InvalidParamsError,
  InternalRpcError,
  L1UnavailableError,
  LimitExceededError,
  NonceTooLowError,
  NonceGapError,
  ReplacementUnderpricedError,
  FeeTooLowError,
  PoolFullError,
)

/** `error.data` of every relay error response. */
export type JsonRpcErrorData = {
  name: string
  code: string
  shortMessage: string
  details?: string
  metaMessages?: string[]
  data?: ErrorData
}

/** The JSON-RPC `error` member. */
export type JsonRpcErrorObject = { code: number; message: string; data?: JsonRpcErrorData }

/** The JSON-RPC `error` member for any thrown value; unknown errors become -32603 without their message. */
export function toJsonRpcError(err: unknown): JsonRpcErrorObject {
  if (err instanceof BaseError && !(err instanceof RpcError)) {
    const { name, code, shortMessage, details, metaMessages, data } = serializeError(err)
    return {
      code: RpcErrorCode.Rejected,
      message: shortMessage,
      data: {
        name,
        code,
        shortMessage,
        ...(details ? { details } : {}),
        ...(metaMessages ? { metaMessages } : {}),
        ...(data && Object.keys(data).length > 0 ? { data } : {}),
      },
    }
  }
  const rpcError = err instanceof RpcError ? err : new InternalRpcError({ cause: err })
  const data: JsonRpcErrorData = { name: rpcError.name, code: rpcError.code, shortMessage: rpcError.shortMessage }
  if (rpcError.metaMessages) data.metaMessages = rpcError.metaMessages
  // Internal errors keep their cause server-side (logged), never on the wire.
  if (!(rpcError instanceof InternalRpcError)) {
    if (rpcError.details) data.details = rpcError.details
    if (Object.keys(rpcError.data).length > 0) data.data = { ...rpcError.data }
  }
  return { code: rpcError.rpcCode, message: rpcError.shortMessage, data }
}

function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  return Object.values(value).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
}

/**
 * Rebuilds a JSON-RPC `error` member as the typed class its `data.code` names (any registered
 * class: protocol, pool, RPC), or a plain RpcError when the server sent no Lantern data.
 */
export function fromJsonRpcError(error: unknown): BaseError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  const rpcCode = typeof e.code === 'number' ? e.code : RpcErrorCode.InternalError
  const message = typeof e.message === 'string' ? e.message : 'Unknown JSON-RPC error.'
  const d = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<string, unknown>
  if (typeof d.code !== 'string' || typeof d.name !== 'string') return new RpcError(rpcCode, message)
  const shortMessage = typeof d.shortMessage === 'string' ? d.shortMessage : message
  const rebuilt = deserializeError({
    name: d.name,
    code: d.code,
    shortMessage,
    message: shortMessage,
    ...(typeof d.details === 'string' ? { details: d.details } : {}),
    ...(Array.isArray(d.metaMessages) && d.metaMessages.every((m) => typeof m === 'string') ? { metaMessages: d.metaMessages as string[] } : {}),
    ...(isErrorData(d.data) ? { data: d.data } : {}),
  })
  if (rebuilt instanceof RpcError) Object.defineProperty(rebuilt, 'rpcCode', { value: rpcCode, enumerable: true })
  if (rebuilt instanceof LimitExceededError) Object.defineProperty(rebuilt, 'limit', { value: rebuilt.data.limit, enumerable: true })
  return rebuilt
}
