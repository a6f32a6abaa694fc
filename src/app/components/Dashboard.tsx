import type { RuntimeConfig } from '../config/runtimeConfig'
import { L1Status } from './L1Status'
import { RelayStatus } from './RelayStatus'
import { WalletPanel } from './WalletPanel'

export function Dashboard({ config }: { config: RuntimeConfig }) {
  return (
    <div className="grid">
      <WalletPanel config={config} />
      <L1Status config={config} />
      <RelayStatus config={config} />
      <section className="card">
        <h2>Light node</h2>
        <p className="muted">
          Following rollup batches, re-executing them and verifying their proofs in this browser is in progress;
          balances on L2 will appear here with their state: trusted, virtual or consolidated.
        </p>
      </section>
    </div>
  )
}
