/**
 * What the app's explorer calls to prove a batch here and to re-verify one: the prover worker and
 * a verifier worker are started on first use only (a page that never proves downloads nothing),
 * and kept for the page's life so a second proof or check is warm.
 */
import { type Remote, wrap } from 'comlink'
import { type Address, createPublicClient, http } from 'viem'
import type { BatchMeta } from '../node/nodeRecords.js'
import type { ProofCheck } from '../node/proofVerifier.js'
import { registerErrorTransfer } from '../node/errorTransfer.js'
import { batchArtifactUrls } from './artifactUrls.js'
import { type ProverHandle, connectProver } from './connectProver.js'
import { BatchNotVerifiedHereError, RelayUnreachableError } from './errors.js'
import { httpRelay, proveJob } from './proveJob.js'
import { type ProveProgressView, proveProgressTracker } from './proveProgressView.js'
import { reverifyBatch } from './reverifyBatch.js'

export type BatchProvingParameters = {
  /** The relay whose prover-job protocol takes the proof; null: proving here is not possible. */
  relayUrl: string | null
  l1: { rpcUrl: string; chainId: bigint; rollup: Address }
  readBatch: (batchNumber: bigint) => Promise<BatchMeta | undefined>
  createProver?: () => ProverHandle
  createVerifierWorker?: () => Worker
}

export type BatchProving = {
  proveBatchHere(batchNumber: number, onProgress: (fraction: number, label?: string) => void): Promise<{ submitted: boolean; ms: number }>
  reverifyBatch(batchNumber: number): Promise<{ ok: boolean; ms: number }>
}

type VerifierApi = { verify(check: ProofCheck): Promise<boolean> }

/** Builds the explorer's prove-here and re-verify actions (see the module comment). */
export function createBatchProving({ relayUrl, l1, readBatch, createProver = connectProver, createVerifierWorker = defaultVerifierWorker }: BatchProvingParameters): BatchProving {
  registerErrorTransfer()
  let prover: ProverHandle | undefined
  let verifier: Remote<VerifierApi> | undefined
  const client = createPublicClient({ transport: http(l1.rpcUrl) })
  const proverId = `browser-${Math.random().toString(36).slice(2, 10)}`
  return {
    async proveBatchHere(batchNumber, onProgress) {
      if (relayUrl === null) throw new RelayUnreachableError({ url: 'none configured' })
      const start = performance.now()
      prover ??= createProver()
      const track = proveProgressTracker()
      const report = (view: ProveProgressView) => onProgress(view.fraction, view.label)
      const result = await proveJob({
        relay: httpRelay(relayUrl),
        prover,
        batchNumber: BigInt(batchNumber),
        proverId,
        artifacts: batchArtifactUrls(),
        onProgress: (p) => report(track(p)),
      })
      onProgress(1, result.status === 'accepted' ? 'proof accepted by the relay' : 'another prover was first: the relay already had a proof')
      return { submitted: result.status === 'accepted', ms: performance.now() - start }
    },
    async reverifyBatch(batchNumber) {
      const meta = await readBatch(BigInt(batchNumber))
      if (meta === undefined || meta.status !== 'consolidated') throw new BatchNotVerifiedHereError({ batchNumber: BigInt(batchNumber) })
      verifier ??= wrap<VerifierApi>(createVerifierWorker())
      const remote = verifier
      return reverifyBatch({ meta, client, rollup: l1.rollup, chainId: l1.chainId, verify: (check) => remote.verify(check) })
    },
  }
}

function defaultVerifierWorker(): Worker {
  return new Worker(new URL('../verifier.worker.ts', import.meta.url), { type: 'module', name: 'lantern-reverify' })
}
