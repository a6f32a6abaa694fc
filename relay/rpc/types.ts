import type { L1Health } from '../l1/l1Health'
import type { z } from 'zod'
import type { PublicClient } from 'viem'
import type { RpcMethodName, RpcResult } from '../../src/rpc/schema'
import { rpcMethods } from '../../src/rpc/schema'
import type { RelayConfig } from '../config'
import type { RelayNode } from '../node'
import type { ProofCoordinator } from '../prover/proofCoordinator'
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

/** What a method handler can reach. */
export type RelayContext = {
  config: RelayConfig
  l1: PublicClient
  /** Pool, sequencer and trusted chain; absent only in transport-level tests. */
  node?: RelayNode
  /** Which L1 loops are failing (absent in tests without L1 writes). */
  health?: L1Health
  /** The prover-job queue and proving backlog; absent when the relay does not prove (no aggregator). */
  jobs?: ProofCoordinator
}

/** The connection a request arrived on; a WebSocket can hold subscriptions. */
export type Connection =
  | { transport: 'http' }
  | {
      transport: 'ws'
      /** Starts pushing `topic` events on this socket; returns the subscription id. */
      subscribe: (kind: 'eth' | 'lantern', topic: 'newHeads' | 'trustedBatches') => `0x${string}`
      unsubscribe: (id: string) => boolean
    }

/**
 * One JSON-RPC method: a zod schema for its positional params, a handler, and (for declared
 * methods) the result schema. The dispatcher validates params before calling the handler.
 */
export type RpcMethod<Params extends z.ZodType = z.ZodType> = {
  params: Params
  result?: z.ZodType
  /** Subscriptions exist only on a WebSocket. */
  transport?: 'ws'
  handler: (params: z.output<Params>, ctx: RelayContext, conn: Connection) => Promise<unknown> | unknown
}

/** Identity helper that keeps `params` and `handler` types tied together (ad-hoc methods, tests). */
export function defineMethod<Params extends z.ZodType>(method: RpcMethod<Params>): RpcMethod<Params> {
  return method
}

/** A method declared in src/rpc/schema.ts: params and result come from the schema, the handler must return the result type. */
export function implement<M extends RpcMethodName>(
  name: M,
  handler: (
    params: z.output<(typeof rpcMethods)[M]['params']>,
    ctx: RelayContext,
    conn: Connection,
  ) => RpcResult<M> | Promise<RpcResult<M>>,
  options: { transport?: 'ws' } = {},
): RpcMethod {
  const { params, result } = rpcMethods[name]
  return { params, result, handler: handler as RpcMethod['handler'], ...options }
}
