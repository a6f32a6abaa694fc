import { useEffect } from 'react'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { useNodeClient } from '../node/NodeContext'
import { flushOutbox } from './flushOutbox'
import { followL2Transactions } from './followL2Transactions'
import { lanternRelay } from './relay'

const ROUND_MS = 2_000

/**
 * Renders nothing: while the app is open, sends the outbox as soon as the browser is back online
 * (and every round while the relay was away), and follows every sent transaction to consolidated.
 */
export function WalletSync({ config }: { config: RuntimeConfig }) {
  const node = useNodeClient()
  const rollup = config.deployment?.contracts.rollup
  useEffect(() => {
    if (!rollup) return
    const relay = lanternRelay(config.relayUrl)
    const scope = { chainId: config.l1.chainId, rollup }
    let running = false
    let stopped = false
    const round = async () => {
      if (running || stopped) return
      running = true
      try {
        await flushOutbox(relay, scope)
        await followL2Transactions(relay, node, scope)
      } catch {
        // A failed round (a relay answer that does not parse) is retried on the next one.
      } finally {
        running = false
      }
    }
    const timer = setInterval(() => void round(), ROUND_MS)
    const online = () => void round()
    window.addEventListener('online', online)
    void round()
    return () => {
      stopped = true
      clearInterval(timer)
      window.removeEventListener('online', online)
    }
  }, [config.relayUrl, config.l1.chainId, rollup, node])
  return null
}
