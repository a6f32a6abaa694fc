// Every JSON-RPC method the relay serves, by name (each declared in src/rpc/schema.ts).
import type { RpcMethodName } from '../../src/rpc/schema'
import type { RpcMethod } from './types'
import * as eth from './methods/eth'
import * as lantern from './methods/lantern'
import { lantern_status } from './methods/lantern_status'
import * as zkevm from './methods/zkevm'

export const methods: Readonly<Record<RpcMethodName, RpcMethod>> = Object.freeze({
  ...eth,
  ...zkevm,
  ...lantern,
  lantern_status,
})
