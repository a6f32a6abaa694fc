import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useBlockNumber, usePublicClient } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { formatAge, readLastL1, saveLastL1, type LastL1 } from '../offline/lastL1'

let marked = false
/** Marks the first render that shows an L1 block (live or last known): the offline-first-render bench reads it. */
function markFirstMeaningfulRender(): void {
  if (marked) return
  marked = true
  performance.mark('lantern:first-meaningful-render')
}

/** L1 as the app sees it through viem: chain id asked from the node, block number live (1 s polling), else the last one seen. */
export function L1Status({ config }: { config: RuntimeConfig }) {
  const client = usePublicClient({ chainId: config.l1.chainId })
  const chainId = useQuery({
    queryKey: ['l1ChainId', config.l1.rpcUrl],
    queryFn: () => client!.getChainId(),
    enabled: Boolean(client),
    refetchInterval: 10_000,
  })
  const block = useBlockNumber({ chainId: config.l1.chainId, watch: true })
  const [last, setLast] = useState<LastL1 | undefined>(() => readLastL1(config.l1.chainId))
  const [now, setNow] = useState(() => Date.now())

  useEffect(() => {
    if (block.data === undefined) return
    const seen = { chainId: config.l1.chainId, blockNumber: block.data.toString(), seenAt: Date.now() }
    saveLastL1(seen)
    setLast(seen)
  }, [block.data, config.l1.chainId])
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5_000)
    return () => clearInterval(t)
  }, [])

  const live = block.data !== undefined && !block.isError
  if (live || last) markFirstMeaningfulRender()
  const reachable = !chainId.isError && !block.isError
  return (
    <section className="card" data-testid="l1-status" aria-labelledby="l1-title">
      <h2 id="l1-title">
        L1 <span className={`dot ${reachable ? 'ok' : 'bad'}`} role="img" aria-label={reachable ? 'reachable' : 'unreachable'} />
      </h2>
      <dl className="facts">
        <dt>L1 chain id</dt>
        <dd data-testid="l1-chain-id">{chainId.data ?? config.l1.chainId}</dd>
        <dt>{live ? 'L1 block' : 'Last known L1 block'}</dt>
        <dd data-testid="l1-block-number" className="big">
          {live ? block.data!.toString() : (last?.blockNumber ?? '…')}
        </dd>
        {!live && last && (
          <>
            <dt>Seen</dt>
            <dd data-testid="l1-block-age">{formatAge(now - last.seenAt)}</dd>
          </>
        )}
        <dt>RPC</dt>
        <dd className="mono small">{config.l1.rpcUrl}</dd>
      </dl>
      {!reachable && <p className="warn">The L1 node does not answer (offline, or the devnet is stopped: npm start). Showing the last block this browser saw.</p>}
    </section>
  )
}
