import { useSyncExternalStore } from 'react'
import { useConnection } from 'wagmi'
import { listDeposits, subscribeDeposits, type DepositRecord } from '../bridge/depositStore'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { formatEth, shortHex } from '../format/eth'
import { gweiToEth, useMyL2Txs } from '../wallet/L2TxList'
import { l2TxState, type L2TxRecord } from '../wallet/l2TxStore'

function depositState(d: DepositRecord): string {
  if (d.failed) return 'failed on L1'
  if (d.refundedAt) return 'refunded on L1'
  if (d.provenAt) return 'proven on L1'
  if (d.virtualAt) return 'on L1 (virtual)'
  if (d.opIndex !== undefined) return `queued (op #${d.opIndex})`
  if (d.minedAt) return 'mined'
  return 'sent'
}

const L2_WORDS: Record<ReturnType<typeof l2TxState>, string> = {
  'queued-offline': 'in the outbox (offline)',
  rejected: 'refused by the relay',
  pending: "in the relay's pool",
  dropped: 'dropped by the relay (nothing spent)',
  trusted: 'trusted',
  virtual: 'virtual',
  consolidated: 'consolidated (verified here)',
  alarm: 'contradicted by L1',
}

type Row = { id: string; kind: string; amount: string; state: string; detail: string; at: number }

function l2Rows(records: L2TxRecord[]): Row[] {
  const rows: Row[] = []
  for (const r of records) {
    rows.push({
      id: r.hash,
      kind: r.kind === 'transfer' ? 'payment' : 'withdrawal',
      amount: gweiToEth(r.amountGwei),
      state: L2_WORDS[l2TxState(r)],
      detail: `${r.kind === 'transfer' ? `to ${shortHex(r.to ?? '')}` : 'to L1'}${r.batchNumber !== undefined ? ` · batch ${r.batchNumber}` : ''}`,
      at: r.createdAt,
    })
    if (r.claim) {
      rows.push({ id: r.claim.l1TxHash, kind: 'claim', amount: gweiToEth(r.amountGwei), state: r.claim.state === 'claimed' ? 'claimed on L1' : r.claim.state === 'failed' ? 'failed on L1' : 'sent to L1', detail: `L1 tx ${shortHex(r.claim.l1TxHash)}`, at: r.claim.sentAt })
    }
  }
  return rows
}

/** This account's deposits, payments, withdrawals and claims, from this browser's own records, each with its state. */
export default function HistoryScreen({ config }: { config: RuntimeConfig }) {
  const connection = useConnection()
  const deposits = useSyncExternalStore(subscribeDeposits, listDeposits).filter(
    (d) => d.chainId === config.l1.chainId && (!connection.address || d.from.toLowerCase() === connection.address.toLowerCase()),
  )
  const rows = [
    ...deposits.map((d): Row => ({ id: d.id, kind: 'deposit', amount: formatEth(BigInt(d.amountWei)), state: depositState(d), detail: `L1 tx ${shortHex(d.id)}`, at: d.sentAt })),
    ...l2Rows(useMyL2Txs(config)),
  ].sort((a, b) => b.at - a.at)
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <p className="small muted">From this browser's own records, re-checked against L1 and its light node. Other devices' activity is not shown.</p>
      {rows.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="list" data-testid="history-list">
          {rows.map((r) => (
            <li key={`${r.kind}-${r.id}`} className="row spread" data-testid="history-row" data-kind={r.kind}>
              <span>
                <strong>{r.kind}</strong> {r.amount}
              </span>
              <span data-testid="history-state">{r.state}</span>
              <span className="small muted">
                {r.detail} · {new Date(r.at).toLocaleString('en-GB')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
