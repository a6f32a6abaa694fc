import { useSyncExternalStore } from 'react'
import { formatEther } from 'viem'
import { useConnection } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { shortHex } from '../format/eth'
import { l2TxState, l2TxsVersion, listL2Txs, subscribeL2Txs, type L2TxRecord } from './l2TxStore'

const GWEI = 1_000_000_000n

/** An L2 amount in gwei, in ETH with every digit (fees are a few gwei). */
export function gweiToEth(gwei: string | bigint): string {
  return `${formatEther(BigInt(gwei) * GWEI)} ETH`
}

const STATE_WORDS: Record<ReturnType<typeof l2TxState>, string> = {
  'queued-offline': 'signed, waiting in the outbox: sent when the relay answers again',
  rejected: 'refused by the relay',
  pending: "in the relay's pool, waiting for a batch",
  dropped: "dropped by the relay before any batch took it (expired in its pool, or no longer valid): nothing was spent, and its nonce is free — send it again",
  trusted: 'included by the sequencer (trusted)',
  virtual: 'batch data on L1, re-executed by this browser (virtual)',
  consolidated: 'proven on L1 and verified by this browser (consolidated)',
  alarm: "contradicted by L1: this browser's copy of the batch differs",
}

/** The records of the connected account on this deployment, newest first. */
export function useMyL2Txs(config: RuntimeConfig, kind?: L2TxRecord['kind']): L2TxRecord[] {
  useSyncExternalStore(subscribeL2Txs, l2TxsVersion)
  const connection = useConnection()
  const rollup = config.deployment?.contracts.rollup?.toLowerCase()
  return listL2Txs().filter(
    (r) => r.chainId === config.l1.chainId && r.rollup === rollup && r.from === connection.address?.toLowerCase() && (kind === undefined || r.kind === kind),
  )
}

function time(at?: number): string {
  return at ? new Date(at).toLocaleTimeString('en-GB') : ''
}

/** One line per transaction with its state in words and when each step was seen here. */
export function L2TxList({ records, empty }: { records: L2TxRecord[]; empty: string }) {
  if (records.length === 0) return <p className="muted">{empty}</p>
  return (
    <ul className="list" data-testid="l2tx-list">
      {records.map((r) => {
        const state = l2TxState(r)
        const steps = [
          r.sentAt && `sent ${time(r.sentAt)}`,
          r.trustedAt && `trusted ${time(r.trustedAt)}${r.batchNumber !== undefined ? ` (batch ${r.batchNumber})` : ''}`,
          r.virtualAt && `virtual ${time(r.virtualAt)}`,
          r.consolidatedAt && `consolidated ${time(r.consolidatedAt)}`,
        ].filter(Boolean)
        return (
          <li key={r.hash} className="tracker" data-testid="l2tx-row" data-state={state} data-kind={r.kind} data-nonce={r.nonce}>
            <div className="row spread">
              <strong>
                {r.kind === 'transfer' ? 'Payment' : 'Withdrawal'} of {gweiToEth(r.amountGwei)}
              </strong>
              <span className="small muted">
                {r.kind === 'transfer' ? `to ${shortHex(r.to ?? '')} (L2 #${r.toIndex})` : 'to your L1 address'} · fee {gweiToEth(r.feeGwei)} · nonce {r.nonce}
              </span>
            </div>
            <p className={state === 'rejected' || state === 'alarm' || state === 'dropped' ? 'error-text' : 'small'} data-testid="l2tx-state">
              {STATE_WORDS[state]}
              {state === 'rejected' && r.reason ? `: ${r.reason}` : ''}
              {state === 'alarm' && r.mismatch ? ` ${r.mismatch}` : ''}
            </p>
            {steps.length > 0 && <p className="small muted">{steps.join(' · ')}</p>}
          </li>
        )
      })}
    </ul>
  )
}
