// Starts (or joins) this origin's light node for the loaded network config and wraps it as the
// app's NodeClient. The node facade, comlink, the protocol code and the worker are imported
// here lazily, so they stay out of the app shell's initial JS.
import type { RuntimeConfig } from '../config/runtimeConfig'
import { onBeforeUpdate } from '../pwa/registerServiceWorker'
import { NodeStartError } from './errors'
import type { LightNodeAppClient } from './lightNodeClient'

/** Connects to the light node; rejects with NodeStartError saying, in plain words, why it cannot run here. */
export async function startLightNode(config: RuntimeConfig): Promise<LightNodeAppClient> {
  if (config.deployment === null) {
    throw new NodeStartError({ reason: 'This network’s configuration names no rollup deployment, so there is nothing for the light node to follow.' })
  }
  if (typeof Worker === 'undefined' || typeof indexedDB === 'undefined' || globalThis.navigator?.locks === undefined) {
    throw new NodeStartError({ reason: 'This browser lacks Web Workers, IndexedDB or Web Locks, which the light node needs. Try a current Chrome, Edge or Firefox.' })
  }
  try {
    const [{ connectLightNode }, { createLightNodeClient }, { parseDeployment }, { createBatchProving }] = await Promise.all([
      import('../../node/connectLightNode'),
      import('./lightNodeClient'),
      import('../../l1/deployment'),
      import('../../../workers/prover/batchProving'),
    ])
    const deployment = parseDeployment(config.deployment)
    // A module worker that fails to load (a syntax or import error) only fires `error`; without
    // listening for it the first call to the worker would never answer.
    let failLoad: (error: NodeStartError) => void = () => {}
    const loadFailed = new Promise<never>((_, reject) => (failLoad = reject))
    const createWorker = () => {
      const worker = new Worker(new URL('../../../workers/node.worker.ts', import.meta.url), { type: 'module', name: 'lantern-node' })
      worker.addEventListener('error', (event) => {
        failLoad(new NodeStartError({ reason: `The node worker failed to load${event.message ? `: ${event.message}` : ''}. Reload the page; if it persists, this build is broken.` }))
      })
      // Clients of the old service worker keep it from going idle, which an accepted update waits
      // for; the page reloads right after, and the node resumes from its checkpoint.
      onBeforeUpdate(async () => worker.terminate())
      return worker
    }
    const light = await Promise.race([connectLightNode({ parameters: { rpcUrl: config.l1.rpcUrl, deployment, ...relayParameter(config) }, createWorker }), loadFailed])
    const proving = createBatchProving({
      relayUrl: config.relayUrl,
      l1: { rpcUrl: config.l1.rpcUrl, chainId: BigInt(deployment.chainId), rollup: deployment.contracts.rollup! },
      readBatch: (n) => light.batch(n),
    })
    return createLightNodeClient(light, { proving })
  } catch (cause) {
    if (cause instanceof NodeStartError) throw cause
    const reason = cause instanceof Error ? ((cause as { shortMessage?: string }).shortMessage ?? cause.message) : 'an unknown failure'
    throw new NodeStartError({ reason }, { cause })
  }
}

/** The relay's WebSocket URL for the node's trusted-batch subscription (the relay serves HTTP and WebSocket on one port). */
function relayParameter(config: RuntimeConfig): { relayUrl?: string } {
  if (config.relayUrl === null) return {}
  return { relayUrl: config.relayUrl.replace(/^http/, 'ws') }
}
