/// <reference lib="webworker" />
/**
 * The node worker: one per origin (the page that holds the node's Web Lock creates it, see
 * src/node/connectLightNode.ts). It owns the synchronizer, the executor and the IndexedDB state;
 * proofs are checked in a separate verifier worker it starts with the node, so a pairing never
 * stalls a sync step's reads.
 */
import { expose, wrap } from 'comlink'
import { createPublicClient, http } from 'viem'
import { registerErrorTransfer } from './node/errorTransfer.js'
import { NodeService } from './node/nodeService.js'
import type { ProofCheck, ProofVerifier } from './node/proofVerifier.js'
import { viemL1Source } from './node/viemL1Source.js'
import { CachedStore } from './storage/cachedStore.js'
import { openNodeStore } from './storage/openNodeStore.js'

registerErrorTransfer()

let verifier: ProofVerifier | undefined

const service = new NodeService({
  openStore: async (name) => new CachedStore(await openNodeStore(name)),
  // A step reads one transaction per sequenceBatches call and one block per block with events,
  // all at once: JSON-RPC batches carry them in a few HTTP requests instead of hundreds queued
  // behind the browser's six connections per host.
  createL1: (parameters) =>
    viemL1Source({
      client: createPublicClient({ transport: http(parameters.rpcUrl, { batch: { batchSize: 64 } }) }),
      rollup: parameters.deployment.contracts.rollup!,
    }),
  createVerifier: () => {
    // Started with the node, so its curve and key set-up overlap the first step's L1 reads.
    const started = (verifier ??= remoteVerifier())
    return {
      verify: (check: ProofCheck) => started.verify(check),
      verifyAll: (checks: readonly ProofCheck[]) => started.verifyAll!(checks),
    }
  },
})

function remoteVerifier(): ProofVerifier {
  const worker = new Worker(new URL('./verifier.worker.ts', import.meta.url), { type: 'module', name: 'lantern-verifier' })
  const remote = wrap<{ verify(check: ProofCheck): Promise<boolean>; verifyAll(checks: readonly ProofCheck[]): Promise<boolean> }>(worker)
  return { verify: (check) => remote.verify(check), verifyAll: (checks) => remote.verifyAll(checks) }
}

expose(service)
