import { useQuery } from '@tanstack/react-query'
import { useBlockNumber, usePublicClient } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'

/** L1 as the app sees it through viem: chain id asked from the node, block number live (1 s polling). */
export function L1Status({ config }: { config: RuntimeConfig }) {
  const client = usePublicClient({ chainId: config.l1.chainId })
  const chainId = useQuery({
    queryKey: ['l1ChainId', config.l1.rpcUrl],
    queryFn: () => client!.getChainId(),
    enabled: Boolean(client),
    refetchInterval: 10_000,
  })
  const block = useBlockNumber({ chainId: config.l1.chainId, watch: true })

  const reachable = !chainId.isError && !block.isError
  return (
    <section className="card" data-testid="l1-status">
      <h2>
        L1 <span className={`dot ${reachable ? 'ok' : 'bad'}`} aria-label={reachable ? 'reachable' : 'unreachable'} />
      </h2>
      <dl className="facts">
        <dt>L1 chain id</dt>
        <dd data-testid="l1-chain-id">{chainId.data ?? '…'}</dd>
        <dt>L1 block</dt>
        <dd data-testid="l1-block-number" className="big">
          {block.data !== undefined ? block.data.toString() : '…'}
        </dd>
        <dt>RPC</dt>
        <dd className="mono small">{config.l1.rpcUrl}</dd>
      </dl>
      {!reachable && <p className="warn">The L1 node does not answer. Is the devnet running (npm start)?</p>}
    </section>
  )
}
