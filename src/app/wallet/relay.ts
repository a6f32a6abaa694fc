// The relay's JSON-RPC through a typed viem client (LanternRpcSchema): every method's params and
// result are the ones src/rpc/schema.ts declares. A relay error comes back as the typed class its
// `data.code` names (src/rpc/errors.ts fromJsonRpcError: NonceTooLowError, PoolFullError, …);
// a relay that does not answer is RelayUnreachableError, which the outbox waits out.
import { createClient, http, rpcSchema, BaseError as ViemBaseError, HttpRequestError, RpcRequestError, TimeoutError, type Client } from 'viem'
import { fromJsonRpcError } from '../../rpc/errors'
import type { LanternRpcSchema, RpcMethodName, RpcParams, RpcResult } from '../../rpc/schema'
import { RelayUnreachableError } from './errors'

/** A typed relay handle; `url` null means no relay is configured (every call is RelayUnreachableError). */
export type LanternRelay = {
  url: string | null
  call<M extends RpcMethodName>(method: M, ...params: RpcParams<M> extends [] ? [] : [RpcParams<M>]): Promise<RpcResult<M>>
}

const clients = new Map<string, Client>()

function clientFor(url: string): Client {
  let client = clients.get(url)
  if (!client) {
    // No retries: a send that failed is the outbox's to retry, in nonce order.
    client = createClient({ transport: http(url, { retryCount: 0, timeout: 10_000 }), rpcSchema: rpcSchema<LanternRpcSchema>() })
    clients.set(url, client)
  }
  return client
}

/** The relay at `url` (null: none configured). */
export function lanternRelay(url: string | null): LanternRelay {
  return {
    url,
    async call(method, ...rest) {
      if (url === null) throw new RelayUnreachableError({ url })
      const params = (rest[0] ?? []) as unknown[]
      try {
        const request = clientFor(url).request as (args: { method: string; params: unknown[] }) => Promise<unknown>
        return (await request({ method, params })) as never
      } catch (error) {
        throw toRelayError(error, url)
      }
    },
  }
}

/** The typed error of a failed relay request. */
export function toRelayError(error: unknown, url: string): Error {
  if (error instanceof ViemBaseError) {
    const rpc = error.walk((e) => e instanceof RpcRequestError)
    if (rpc instanceof RpcRequestError) return fromJsonRpcError({ code: rpc.code, message: rpc.details, data: rpc.data })
    if (error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError)) return new RelayUnreachableError({ url }, { cause: error })
  }
  if (error instanceof TypeError) return new RelayUnreachableError({ url }, { cause: error })
  return error instanceof Error ? error : new RelayUnreachableError({ url }, { cause: error })
}
