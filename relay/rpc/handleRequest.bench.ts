import type { Benchmark } from '../../scripts/bench/types'
import { testContext } from '../testing'
import { handleRpcBody } from './handleRequest'
import { methods } from './methods'

const opts = { methods, ctx: testContext() }
const single = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] })
const batch = JSON.stringify(Array.from({ length: 20 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'eth_chainId' })))

export const benchmarks: Benchmark[] = [
  { name: 'relay: JSON-RPC dispatch, 1 request', fn: () => handleRpcBody(single, opts) },
  { name: 'relay: JSON-RPC dispatch, batch of 20', fn: () => handleRpcBody(batch, opts) },
]
