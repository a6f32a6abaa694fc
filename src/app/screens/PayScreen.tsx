import { useQuery } from '@tanstack/react-query'
import { useConnection } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { formatEth } from '../format/eth'
import { useNodeClient } from '../node/NodeContext'
import { NotConnected } from '../node/NotConnected'
import { L2SendForm } from '../wallet/L2SendForm'
import { L2TxList, useMyL2Txs } from '../wallet/L2TxList'
import { lanternRelay } from '../wallet/relay'

const GWEI = 1_000_000_000n

/** Pay another L2 account, by its L1 address. Balances per level: trusted from the relay, virtual and consolidated from this browser's node. */
export default function PayScreen({ config }: { config: RuntimeConfig }) {
  const node = useNodeClient()
  const connection = useConnection()
  const payments = useMyL2Txs(config, 'transfer')
  const account = useQuery({
    queryKey: ['l2Account', connection.address, node !== null],
    enabled: node !== null && Boolean(connection.address),
    refetchInterval: 2_000,
    queryFn: () => node!.account(connection.address!),
  })
  const trusted = useQuery({
    queryKey: ['relayAccount', config.relayUrl, connection.address],
    enabled: Boolean(connection.address),
    refetchInterval: 2_000,
    retry: false,
    queryFn: () => lanternRelay(config.relayUrl).call('lantern_getAccount', [connection.address!]),
  })
  const level = (value: bigint | null | undefined, name: string) => `${value === null || value === undefined ? 'unknown' : formatEth(value)} (${name})`

  return (
    <div className="stack">
      <section className="card" aria-labelledby="pay-title">
        <h2 id="pay-title">Pay on L2</h2>
        {node === null && <NotConnected what="Without the light node the balance shown is the relay's word only; payments still go through the relay (or the outbox while offline)." />}
        <dl className="facts">
          <dt>Your L2 balance</dt>
          <dd data-testid="pay-l2-balance">
            {[
              level(trusted.data ? BigInt(trusted.data.balanceGwei) * GWEI : trusted.data === null ? 0n : undefined, 'trusted'),
              level(account.data?.balance.virtual, 'virtual'),
              level(account.data?.balance.consolidated, 'consolidated'),
            ].join(' · ')}
          </dd>
        </dl>
        <L2SendForm config={config} kind="transfer" />
      </section>
      <section className="card" aria-labelledby="payments-title">
        <h2 id="payments-title">Your payments</h2>
        <L2TxList records={payments} empty="No payment signed in this browser yet." />
      </section>
    </div>
  )
}
