// Test helpers: a relay whose methods a test scripts, failing like the real one (typed errors).
import type { RpcMethodName } from '../../rpc/schema'
import { RelayUnreachableError } from './errors'
import type { LanternRelay } from './relay'

type Handler = (params: unknown[]) => unknown

/** A LanternRelay answering from `handlers`; `down()` makes every call RelayUnreachableError. */
export function scriptedRelay(handlers: Partial<Record<RpcMethodName, Handler>>) {
  let reachable = true
  const calls: { method: string; params: unknown[] }[] = []
  const relay: LanternRelay = {
    url: 'http://relay.test',
    async call(method, ...rest) {
      const params = (rest[0] ?? []) as unknown[]
      calls.push({ method, params })
      if (!reachable) throw new RelayUnreachableError({ url: 'http://relay.test' })
      const handler = handlers[method]
      if (!handler) throw new Error(`unscripted relay method ${method}`)
      return (await handler(params)) as never
    },
  }
  return { relay, calls, down: () => (reachable = false), up: () => (reachable = true) }
}
