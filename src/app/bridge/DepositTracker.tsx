import type { RuntimeConfig } from '../config/runtimeConfig'
import { formatEth } from '../format/eth'
import type { DepositRecord } from './depositStore'
import { RefundButton } from './RefundButton'
import { useDepositProgress } from './useDepositProgress'

type Step = { id: string; label: string; done: boolean; at?: number; detail?: string; source: 'L1' | 'light node' }

function time(at?: number): string {
  return at ? new Date(at).toLocaleTimeString('en-GB') : ''
}

/** The seven steps of one deposit, each with when this browser saw it, and why it waits. */
export function DepositTracker({ record, config }: { record: DepositRecord; config: RuntimeConfig }) {
  const { l1, l2, nodeConnected } = useDepositProgress(record)
  const p = l2.data
  const steps: Step[] = [
    { id: 'sent', label: 'Sent to L1', done: true, at: record.sentAt, source: 'L1' },
    { id: 'mined', label: 'Mined on L1', done: record.minedAt !== undefined, at: record.minedAt, detail: record.minedBlock && `block ${record.minedBlock}`, source: 'L1' },
    {
      id: 'queued',
      label: 'Queued for L2',
      done: record.opIndex !== undefined,
      at: record.queuedAt,
      detail: record.opIndex !== undefined ? `priority op #${record.opIndex}, deadline L1 block ${record.deadlineBlock}` : undefined,
      source: 'L1',
    },
    { id: 'trusted', label: 'Included by the sequencer (trusted)', done: Boolean(p?.trustedAt) || record.virtualAt !== undefined, at: p?.trustedAt, detail: p?.batchNumber !== undefined ? `batch ${p.batchNumber}` : undefined, source: 'light node' },
    { id: 'virtual', label: 'Batch data on L1 (virtual)', done: record.virtualAt !== undefined, at: record.virtualAt, source: 'L1' },
    { id: 'proven', label: 'Proven on L1', done: record.provenAt !== undefined, at: record.provenAt, source: 'L1' },
    { id: 'verified', label: 'Verified by this browser', done: Boolean(p?.verifiedHereAt), at: p?.verifiedHereAt, source: 'light node' },
  ]
  const current = steps.find((s) => !s.done)

  return (
    <article className="tracker" data-testid="deposit-tracker" data-deposit={record.id} aria-label={`Deposit of ${formatEth(BigInt(record.amountWei))}`}>
      <header className="row spread">
        <strong>{formatEth(BigInt(record.amountWei))}</strong>
        <span className="mono small muted">{record.id.slice(0, 18)}…</span>
      </header>
      <ol className="steps">
        {steps.map((s) => (
          <li key={s.id} className={s.done ? 'done' : s === current ? 'current' : 'waiting'} data-testid={`step-${s.id}`} data-done={s.done}>
            <span className="step-mark" aria-hidden="true">{s.done ? '✓' : s === current ? '●' : '○'}</span>
            <span className="step-label">{s.label}</span>
            <span className="small muted">
              {s.done ? [time(s.at), s.detail].filter(Boolean).join(' · ') : s.source === 'light node' && !nodeConnected ? 'light node not connected' : 'waiting'}
            </span>
          </li>
        ))}
      </ol>
      {nodeConnected && record.opIndex !== undefined && (
        <p className="small muted" data-testid="deposit-node-seen">
          {p?.queued
            ? `This browser's light node read op #${record.opIndex} from L1 itself (block ${p.queued.l1Block}): ${formatEth(p.queued.amountWei)} to L2 account #${p.queued.accountIndex}.`
            : l2.isError
              ? `The light node cannot answer: ${l2.error.message}`
              : `This browser's light node has not synced the L1 block of op #${record.opIndex} yet.`}
        </p>
      )}
      {record.failed ? (
        <p className="error-text" role="alert">{record.failed}</p>
      ) : (
        current && <WhyWaiting record={record} step={current.id} l1={l1.data} nodeConnected={nodeConnected} />
      )}
      {l1.data?.frozen && record.opIndex !== undefined && record.provenAt === undefined && !record.failed && <RefundButton record={record} config={config} />}
    </article>
  )
}

function WhyWaiting({ record, step, l1, nodeConnected }: { record: DepositRecord; step: string; l1?: { head: bigint; frozen: boolean }; nodeConnected: boolean }) {
  let text: string
  if (step === 'mined' || step === 'queued') text = 'Waiting for the L1 transaction to be mined.'
  else if (l1?.frozen && record.provenAt === undefined) {
    text = 'The rollup is frozen (escape hatch active) and this deposit was never proven: it is refundable in full to the address that paid it.'
  } else if (step === 'verified') {
    text = nodeConnected
      ? 'The batch is proven on L1; this browser is downloading it and checking its proof.'
      : 'Proven on L1. This browser checks the proof itself once the light node runs here; until then that last step cannot be shown.'
  } else if (record.deadlineBlock && l1) {
    const deadline = BigInt(record.deadlineBlock)
    text =
      l1.head > deadline
        ? `Overdue: the sequencer had to prove it by L1 block ${deadline} (now ${l1.head}). Anyone can now activate the escape hatch; the deposit is then refunded in full.`
        : `The sequencer must include and prove it by L1 block ${deadline} (${deadline - l1.head} blocks from now). If it does not, the escape hatch opens and the deposit is refunded in full.`
  } else text = 'Waiting for L1.'
  return (
    <p className="why small" data-testid="deposit-why">
      {text}
    </p>
  )
}
