import type { z } from 'zod'
import type { PublicClient } from 'viem'
import type { RelayConfig } from '../config'
import type { JsonRpcErrorObject } from './errors'

export type JsonRpcId = string | number | null

export type JsonRpcRequest = {
  jsonrpc: '2.0'
  id?: JsonRpcId
  method: string
  params?: unknown[] | Record<string, unknown>
}

export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcErrorObject }

/** What a method handler can reach. Pool, sequencer and aggregator will join here. */
export type RelayContext = {
  config: RelayConfig
  l1: PublicClient
}

/**
 * One JSON-RPC method: a zod schema for its positional params and a handler. The dispatcher
 * validates params before calling the handler, so handlers receive typed values.
 */
export type RpcMethod<Params extends z.ZodType = z.ZodType> = {
  params: Params
  handler: (params: z.infer<Params>, ctx: RelayContext) => Promise<unknown> | unknown
}

/** Identity helper that keeps `params` and `handler` types tied together. */
export function defineMethod<Params extends z.ZodType>(method: RpcMethod<Params>): RpcMethod<Params> {
  return method
}
