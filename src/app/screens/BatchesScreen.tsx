import { useQuery } from '@tanstack/react-query'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { useNodeClient } from '../node/NodeContext'
import { NotConnected } from '../node/NotConnected'
import { useRollupOnL1 } from './useRollupOnL1'

function hex(v: bigint | null): string {
  if (v === null) return 'not executed here'
  const h = v.toString(16).padStart(64, '0')
  return `0x${h.slice(0, 8)}…${h.slice(-6)}`
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
                  <th scope="col">Action</th>
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
                      <button type="button" className="secondary" disabled={b.state !== 'consolidated'} onClick={() => void node!.reverifyBatch(b.batchNumber)}>
                        Re-verify
                      </button>
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
