// What every screen that sends a user-paid Bridge call (claim, escape withdrawal) holds: the
// connected account, the L1 client and wallet writer simulateThenWrite takes, the deployment's
// Bridge and Rollup, and the action's busy flag and plain-words message.
import { useState } from 'react'
import { useConnection, usePublicClient, useWriteContract } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'

export function useL1Action(config: RuntimeConfig) {
  const connection = useConnection()
  const client = usePublicClient({ chainId: config.l1.chainId })
  const write = useWriteContract()
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const bridge = config.deployment?.contracts.bridge as `0x${string}`
  const rollup = config.deployment?.contracts.rollup as `0x${string}`
  return { connection, client, write, message, setMessage, busy, setBusy, bridge, rollup }
}
