import { useSyncExternalStore } from 'react'
import { useConnection } from 'wagmi'
import { DepositForm } from '../bridge/DepositForm'
import { DepositTracker } from '../bridge/DepositTracker'
import { listDeposits, subscribeDeposits } from '../bridge/depositStore'
import type { RuntimeConfig } from '../config/runtimeConfig'

export default function BridgeScreen({ config }: { config: RuntimeConfig }) {
  const deposits = useSyncExternalStore(subscribeDeposits, listDeposits)
  const connection = useConnection()
  const mine = deposits.filter(
    (d) => d.chainId === config.l1.chainId && d.rollup.toLowerCase() === config.deployment?.contracts.rollup?.toLowerCase() && (!connection.address || d.from.toLowerCase() === connection.address.toLowerCase()),
  )
  return (
    <div className="stack">
      <section className="card" aria-labelledby="deposit-title">
        <h2 id="deposit-title">Bridge ETH from L1 to L2</h2>
        <DepositForm config={config} />
      </section>
      <section className="card" aria-labelledby="deposits-title">
        <h2 id="deposits-title">Your deposits</h2>
        {mine.length === 0 ? <p className="muted">No deposit sent from this browser yet.</p> : mine.map((d) => <DepositTracker key={d.id} record={d} config={config} />)}
      </section>
    </div>
  )
}
