import { useQuery } from '@tanstack/react-query'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { relayRequest, type LanternStatus } from '../relay/relayClient'

/** The relay is a convenience (trusted state, tx submission), never a source of truth: shown as such. */
export function RelayStatus({ config }: { config: RuntimeConfig }) {
  const relayUrl = config.relayUrl
  const status = useQuery({
    queryKey: ['relayStatus', relayUrl],
    queryFn: () => relayRequest<LanternStatus>(relayUrl!, 'lantern_status'),
    enabled: relayUrl !== null,
    refetchInterval: 2_000,
    retry: false,
  })
  const contracts = config.deployment?.contracts ?? {}

  return (
    <section className="card" data-testid="relay-status">
      <h2>
        Relay <span className={`dot ${status.isSuccess ? 'ok' : status.isError ? 'bad' : ''}`} />
      </h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="relay-state">
          {relayUrl === null ? 'not configured' : status.isSuccess ? 'online' : status.isError ? `offline (${status.error.message})` : '…'}
        </dd>
        {status.data && (
          <>
            <dt>Relay sees L1 block</dt>
            <dd>{status.data.l1.blockNumber}</dd>
          </>
        )}
        {Object.entries(contracts).map(([name, address]) => (
          <FactRow key={name} label={name} value={address} />
        ))}
      </dl>
    </section>
  )
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="mono small" data-testid={`contract-${label}`}>
        {value}
      </dd>
    </>
  )
}
