import { createContext, useContext } from 'react'
import type { NodeClient } from './NodeClient'

/** `null` until a light node is plugged in at boot: screens must show "not connected", never a made-up value. */
export const NodeContext = createContext<NodeClient | null>(null)

export function useNodeClient(): NodeClient | null {
  return useContext(NodeContext)
}
