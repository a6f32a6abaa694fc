import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { useNodeClient } from '../node/NodeContext'
import { NotConnected } from '../node/NotConnected'
import { useRollupOnL1 } from './useRollupOnL1'

function hex(v: bigint | null): string {
  if (v === null) return 'not executed here'
  const h = v.toString(16).padStart(64, '0')
  return `0x${h.slice(0, 8)}…${h.slice(-6)}`
}

/** A failure in plain words: a typed error's short message (what happened, and what to do next when it says). */
function plainError(error: unknown): string {
  if (error instanceof Error) {
    const { shortMessage, metaMessages } = error as { shortMessage?: string; metaMessages?: string[] }
    return [shortMessage ?? error.message, ...(metaMessages ?? [])].join(' ')
  }
  return 'Something failed; reload the page and retry.'
}

type ActionState =
  | { kind: 'idle' }
  | { kind: 'proving'; fraction: number; label: string }
  | { kind: 'proved'; submitted: boolean; ms: number }
  | { kind: 'verifying' }
  | { kind: 'verified'; ok: boolean; ms: number }
  | { kind: 'failed'; message: string }

/** Re-verify (consolidated batches) and "prove this batch here" (sequenced, not yet proven) with their progress and outcome. */
function BatchActions({ node, batch }: { node: NonNullable<ReturnType<typeof useNodeClient>>; batch: { batchNumber: number; state: string } }) {
  const [state, setState] = useState<ActionState>({ kind: 'idle' })
  const busy = state.kind === 'proving' || state.kind === 'verifying'
  const n = batch.batchNumber
  const prove = async () => {
    setState({ kind: 'proving', fraction: 0, label: 'asking the relay for the job' })
    try {
      const result = await node.proveBatchHere(n, (fraction, label) => setState({ kind: 'proving', fraction, label: label ?? '' }))
      setState({ kind: 'proved', ...result })
    } catch (error) {
      setState({ kind: 'failed', message: plainError(error) })
    }
  }
  const reverify = async () => {
    setState({ kind: 'verifying' })
    try {
      setState({ kind: 'verified', ...(await node.reverifyBatch(n)) })
    } catch (error) {
      setState({ kind: 'failed', message: plainError(error) })
    }
  }
  return (
    <div className="stack" data-testid={`batch-actions-${n}`}>
      <div>
        <button type="button" className="secondary" disabled={busy || batch.state !== 'consolidated'} onClick={() => void reverify()}>
          Re-verify
        </button>{' '}
        <button type="button" className="secondary" disabled={busy || batch.state !== 'virtual'} onClick={() => void prove()} title="Proves it in this browser and submits the proof to the relay">
          Prove this batch here
        </button>
      </div>
      <div aria-live="polite" data-testid={`batch-action-status-${n}`}>
        {state.kind === 'proving' ? (
          <label>
            <progress max={1} value={state.fraction} /> {Math.round(state.fraction * 100)} % — {state.label}
          </label>
        ) : state.kind === 'proved' ? (
          <span>{state.submitted ? `Proven here in ${(state.ms / 1000).toFixed(1)} s; the relay accepted the proof.` : `Proven here in ${(state.ms / 1000).toFixed(1)} s, but another prover's proof was accepted first.`}</span>
        ) : state.kind === 'verifying' ? (
          <span>Re-verifying…</span>
        ) : state.kind === 'verified' ? (
          <span>{state.ok ? `Verified again in this browser in ${Math.round(state.ms)} ms.` : `The proof on L1 does NOT verify against this browser's re-execution (checked in ${Math.round(state.ms)} ms).`}</span>
        ) : state.kind === 'failed' ? (
          <span role="alert">{state.message}</span>
        ) : null}
      </div>
    </div>
  )
}

/** Every batch with its state, roots, transactions and this browser's own verification. */
export default function BatchesScreen({ config }: { config: RuntimeConfig }) {
  const node = useNodeClient()
  const onL1 = useRollupOnL1(config)
  const batches = useQuery({
    queryKey: ['batches', node !== null],
    enabled: node !== null,
    refetchInterval: 3_000,
    queryFn: () => node!.batches({ limit: 50 }),
  })
  return (
    <div className="stack">
      <section className="card" aria-labelledby="batches-l1-title">
        <h2 id="batches-l1-title">Batches on L1</h2>
        <dl className="facts">
          <dt>Last sequenced (virtual)</dt>
          <dd data-testid="l1-last-sequenced">{onL1.data ? onL1.data.lastSequencedBatch.toString() : onL1.isError ? 'L1 unreachable' : '…'}</dd>
          <dt>Last verified on L1 (consolidated)</dt>
          <dd data-testid="l1-last-verified">{onL1.data ? onL1.data.lastVerifiedBatch.toString() : onL1.isError ? 'L1 unreachable' : '…'}</dd>
          <dt>Priority ops queued / proven</dt>
          <dd>{onL1.data ? `${onL1.data.priorityOpCount} / ${onL1.data.verifiedPriorityOpsEnd}` : '…'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="batches-title">
        <h2 id="batches-title">Batches in this browser</h2>
        {node === null ? (
          <NotConnected what="Each batch's transactions, roots, proof, “verified in this browser in N ms”, re-verify and “prove this batch here” come from the light node, which re-executes batches from L1 calldata." />
        ) : batches.data?.length === 0 ? (
          <p className="muted">No batch yet.</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Batches (scrolls sideways on narrow screens)">
            <table>
              <caption className="sr-only">Batches, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Batch</th>
                  <th scope="col">State</th>
                  <th scope="col">Txs</th>
                  <th scope="col">New state root</th>
                  <th scope="col">Verified here</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {(batches.data ?? []).map((b) => (
                  <tr key={b.batchNumber}>
                    <td>{b.batchNumber}</td>
                    <td>{b.state}</td>
                    <td>{b.txs.length}</td>
                    <td className="mono small">{hex(b.newStateRoot)}</td>
                    <td>{b.verifiedHereMs !== undefined ? `in ${Math.round(b.verifiedHereMs)} ms` : 'not yet'}</td>
                    <td>
                      <BatchActions node={node} batch={b} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
