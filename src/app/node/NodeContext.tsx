import { createContext, useContext } from 'react'
import type { NodeClient } from './NodeClient'

/** `null` until the light node is connected: screens must show "not connected", never a made-up value. */
export const NodeContext = createContext<NodeClient | null>(null)

export function useNodeClient(): NodeClient | null {
  return useContext(NodeContext)
}

/** Where starting the light node is: the Node screen shows it, with the reason when it failed. */
export type NodeConnection = { state: 'idle' } | { state: 'connecting' } | { state: 'running' } | { state: 'failed'; message: string }

export const NodeConnectionContext = createContext<NodeConnection>({ state: 'idle' })

export function useNodeConnection(): NodeConnection {
  return useContext(NodeConnectionContext)
}
