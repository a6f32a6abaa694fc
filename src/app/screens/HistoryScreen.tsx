import { useQuery } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import { useConnection } from 'wagmi'
import { listDeposits, subscribeDeposits, type DepositRecord } from '../bridge/depositStore'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { formatEth } from '../format/eth'
import { useNodeClient } from '../node/NodeContext'
import { NodeCallFailed, NotConnected } from '../node/NotConnected'

function depositState(d: DepositRecord): string {
  if (d.failed) return 'failed on L1'
  if (d.provenAt) return 'proven on L1'
  if (d.virtualAt) return 'on L1 (virtual)'
  if (d.opIndex !== undefined) return `queued (op #${d.opIndex})`
  if (d.minedAt) return 'mined'
  return 'sent'
}

/** The user's deposits (this browser's own records, checked on L1) and L2 history (light node). */
export default function HistoryScreen({ config }: { config: RuntimeConfig }) {
  const connection = useConnection()
  const node = useNodeClient()
  const deposits = useSyncExternalStore(subscribeDeposits, listDeposits).filter(
    (d) => d.chainId === config.l1.chainId && (!connection.address || d.from.toLowerCase() === connection.address.toLowerCase()),
  )
  const l2 = useQuery({
    queryKey: ['history', connection.address, node !== null],
    enabled: node !== null && Boolean(connection.address),
    queryFn: () => node!.history(connection.address!),
  })
  return (
    <div className="stack">
      <section className="card" aria-labelledby="history-deposits-title">
        <h2 id="history-deposits-title">Deposits from this browser</h2>
        {deposits.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul className="list" data-testid="history-deposits">
            {deposits.map((d) => (
              <li key={d.id} className="row spread">
                <span>{formatEth(BigInt(d.amountWei))}</span>
                <span>{depositState(d)}</span>
                <span className="small muted">{new Date(d.sentAt).toLocaleString('en-GB')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="history-l2-title">
        <h2 id="history-l2-title">Transfers, withdrawals and claims</h2>
        {node === null ? (
          <NotConnected what="L2 history is read from this browser's own copy of the L2 state." />
        ) : l2.isError ? (
          <NodeCallFailed error={l2.error} />
        ) : l2.data?.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul className="list">
            {l2.data?.map((h) => (
              <li key={h.id} className="row spread">
                <span>{h.kind}</span>
                <span>{formatEth(h.amountWei)}</span>
                <span>{h.state}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
