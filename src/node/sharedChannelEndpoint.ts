/**
 * A BroadcastChannel as a comlink endpoint that every tab of the origin shares.
 *
 * comlink sends RELEASE when a proxy is garbage-collected, and the exposing side answers it by
 * detaching, which on a shared channel would cut every other tab off the node. So RELEASE never
 * leaves, and never lands, here: the node's lifetime is the leader's Web Lock, not a proxy's.
 * Nothing is posted after `close()`, so a late answer or a finalizer running after the tab left
 * is dropped instead of throwing InvalidStateError from inside comlink.
 */
import type { Endpoint } from 'comlink'

type Listener = Parameters<Endpoint['addEventListener']>[1]

const isRelease = (message: unknown): boolean =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'RELEASE'

export type SharedChannelEndpoint = Endpoint & { close(): void }

export function sharedChannelEndpoint(channel: BroadcastChannel): SharedChannelEndpoint {
  let open = true
  const filtered = new Map<Listener, EventListener>()
  return {
    postMessage(message: unknown) {
      if (open && !isRelease(message)) channel.postMessage(message)
    },
    addEventListener(type, listener) {
      const filter: EventListener = (event) => {
        if (isRelease((event as MessageEvent).data)) return
        if (typeof listener === 'function') listener(event)
        else listener.handleEvent(event)
      }
      filtered.set(listener, filter)
      channel.addEventListener(type, filter)
    },
    removeEventListener(type, listener) {
      const filter = filtered.get(listener)
      if (filter === undefined) return
      filtered.delete(listener)
      channel.removeEventListener(type, filter)
    },
    close() {
      open = false
      channel.close()
    },
  }
}
