// Every JSON-RPC method the relay serves, by name. Add zkevm_* and the pool's methods here.
import type { RpcMethod } from './types'
import { eth_chainId } from './methods/eth_chainId'
import { lantern_status } from './methods/lantern_status'

export const methods: Readonly<Record<string, RpcMethod>> = Object.freeze({
  eth_chainId,
  lantern_status,
})
