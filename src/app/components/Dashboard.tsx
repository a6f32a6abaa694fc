import type { RuntimeConfig } from '../config/runtimeConfig'
import { L1Status } from './L1Status'
import { L2AccountPanel } from './L2AccountPanel'
import { RelayStatus } from './RelayStatus'
import { WalletPanel } from './WalletPanel'

export function Dashboard({ config }: { config: RuntimeConfig }) {
  return (
    <div className="grid">
      <WalletPanel config={config} />
      <L2AccountPanel config={config} />
      <L1Status config={config} />
      <RelayStatus config={config} />
      <section className="card" aria-labelledby="light-node-title">
        <h2 id="light-node-title">Light node</h2>
        <p className="muted">
          Not connected in this build: this browser does not follow rollup batches yet. Once the light node is plugged
          in it re-executes every batch and verifies its proof here, and shows each L2 balance as trusted, virtual or
          consolidated.
        </p>
      </section>
    </div>
  )
}
