import { useQuery } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import { useBlockNumber } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { useNodeClient, useNodeConnection, type NodeConnection } from '../node/NodeContext'
import type { NodeStatus } from '../node/NodeClient'
import { NotConnected } from '../node/NotConnected'
import { requestPersistentStorage } from '../pwa/persistentStorage'
import { serviceWorkerState, subscribeServiceWorker } from '../pwa/registerServiceWorker'
import { relayRequest, type LanternStatus } from '../relay/relayClient'

function nodeState(connection: NodeConnection, status: NodeStatus | undefined, statusError: Error | null): string {
  if (connection.state === 'failed') return connection.message
  if (connection.state !== 'running') return connection.state === 'connecting' ? 'starting…' : 'not started'
  if (statusError !== null) return `not answering: ${statusError.message}`
  if (status === undefined) return '…'
  if (!status.running) return 'stopped'
  return status.lastError === null ? 'running: following L1 in this browser' : `running, but the last sync round failed: ${status.lastError} It retries by itself.`
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** The light node's health in plain words, next to what this page can check itself. */
export default function NodeScreen({ config }: { config: RuntimeConfig }) {
  const node = useNodeClient()
  const connection = useNodeConnection()
  const block = useBlockNumber({ chainId: config.l1.chainId, watch: true })
  const sw = useSyncExternalStore(subscribeServiceWorker, serviceWorkerState)
  const persisted = useQuery({ queryKey: ['persist'], queryFn: requestPersistentStorage, staleTime: Infinity })
  const storage = useQuery({
    queryKey: ['storageEstimate'],
    refetchInterval: 10_000,
    queryFn: async () => (navigator.storage?.estimate ? await navigator.storage.estimate() : null),
  })
  const relay = useQuery({
    queryKey: ['relayStatus', config.relayUrl],
    enabled: config.relayUrl !== null,
    refetchInterval: 3_000,
    retry: false,
    queryFn: () => relayRequest<LanternStatus>(config.relayUrl!, 'lantern_status'),
  })
  const status = useQuery({ queryKey: ['nodeStatus', node !== null], enabled: node !== null, refetchInterval: 2_000, queryFn: () => node!.status() })

  return (
    <div className="stack">
      <section className="card" aria-labelledby="node-title">
        <h2 id="node-title">Node status</h2>
        <dl className="facts">
          <dt>L1 head</dt>
          <dd data-testid="node-l1-head">{block.data !== undefined ? block.data.toString() : block.isError ? 'L1 unreachable' : '…'}</dd>
          <dt>Light node</dt>
          <dd data-testid="node-state" className={connection.state === 'failed' || status.data?.lastError ? 'error-text' : undefined}>
            {nodeState(connection, status.data, status.error)}
          </dd>
          <dt>Node synced to L1 block</dt>
          <dd data-testid="node-synced-block">{status.data ? status.data.syncedL1Block.toString() : 'light node not connected'}</dd>
          <dt>Relay</dt>
          <dd>{config.relayUrl === null ? 'not configured' : relay.isSuccess ? 'online (lantern_status answers)' : relay.isError ? 'offline' : '…'}</dd>
          <dt>Last synced batch</dt>
          <dd>{status.data ? status.data.lastSyncedBatch : 'light node not connected'}</dd>
          <dt>Last verified batch</dt>
          <dd>{status.data ? status.data.lastVerifiedBatch : 'light node not connected'}</dd>
          <dt>Sync speed</dt>
          <dd>{status.data ? `${status.data.syncBatchesPerMinute.toFixed(1)} batches/min` : 'light node not connected'}</dd>
          <dt>Storage used</dt>
          <dd data-testid="node-storage">
            {storage.data?.usage !== undefined ? `${mib(storage.data.usage)} of ${mib(storage.data.quota ?? 0)} available to this site` : 'unknown'}
          </dd>
          <dt>Persistent storage</dt>
          <dd data-testid="node-persist">
            {persisted.data === 'granted'
              ? 'granted: the browser will not evict this site’s data'
              : persisted.data === 'denied'
                ? 'not granted: the browser may evict this site’s data under storage pressure (installing the app usually grants it)'
                : persisted.data === 'unsupported'
                  ? 'not supported by this browser'
                  : '…'}
          </dd>
          <dt>Offline app</dt>
          <dd data-testid="node-sw">
            {sw.status === 'registered' ? 'installed: the app opens without network' : sw.status === 'unsupported' ? 'no service worker here' : sw.status}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="alarms-title">
        <h2 id="alarms-title">Alarms</h2>
        {node === null ? (
          <NotConnected what="Alarms (a missed deadline, a batch that fails re-execution, a proof that does not verify, a relay that disagrees with L1) are raised by the light node." />
        ) : status.data?.alarms.length === 0 ? (
          <p className="ok-text">No alarm.</p>
        ) : (
          <ul className="list">
            {status.data?.alarms.map((a) => (
              <li key={a.id} className={a.severity === 'critical' ? 'error-text' : a.severity === 'warning' ? 'warn' : ''}>
                {a.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
