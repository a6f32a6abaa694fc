// The browser-prove bench page: the app's prover worker and artifact URLs, driven from
// Playwright through `globalThis.proverBench` with JSON in and out.
import { batchArtifactUrls } from '../artifactUrls.js'
import { connectProver } from '../connectProver.js'
import type { ProveRequest } from '../proverApi.js'

let prover = connectProver()

async function prove(circuitInputJson: string, options: Pick<ProveRequest, 'threads' | 'zkeyFrom'>): Promise<string> {
  const phases: string[] = []
  const response = await prover.prove({ circuitInput: JSON.parse(circuitInputJson), artifacts: batchArtifactUrls(), ...options }, (p) => {
    const phase = p.phase === 'prove' ? `prove:${p.step}` : p.phase
    if (phases.at(-1) !== phase) phases.push(phase)
  })
  return JSON.stringify({ ...response, phases })
}

function restart(): void {
  prover.close()
  prover = connectProver()
}

async function clearCache(): Promise<void> {
  await caches.delete('lantern-circuit-artifacts')
}

Object.assign(globalThis, { proverBench: { prove, restart, clearCache, hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated } })
document.body.dataset.ready = 'true'
