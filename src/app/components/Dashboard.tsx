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
          Not built yet: this browser does not follow rollup batches yet. Once the light node lands it
          will re-execute every batch and verify its proof here, and show each L2 balance as trusted,
          virtual or consolidated.
        </p>
      </section>
    </div>
  )
}
