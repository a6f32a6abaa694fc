/**
 * A module worker that imports the public entries of src/protocol and src/prover — what the
 * light node's workers will — and runs real work on request: batch execution, proof
 * verification with Lantern's verifier and snarkjs side by side, and timing loops for the
 * browser benchmarks. Built by Vite (workers/envCheck/vite.config.ts) and driven from
 * Playwright (e2e/worker-env.spec.ts, workers/envCheck/browserVerify.bench.ts).
 */
import * as snarkjs from 'snarkjs'
import { BaseError, MemoryStore, executeBatch, loadCrypto } from '../../src/protocol/index.js'
import { type Groth16VerificationKey, verifyGroth16, verifyGroth16Batch } from '../../src/prover/index.js'
import { type EnvCommand, type EnvResponse, type Outcome, fromJson, toJson } from './messages.js'

async function outcome(run: () => Promise<boolean>): Promise<Outcome> {
  try {
    return { ok: await run() }
  } catch (error) {
    const name = error instanceof BaseError ? error.name : error instanceof Error ? `untyped ${error.name}` : 'untyped'
    return { error: name, message: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * Every key arrives as a new object (a message is parsed afresh), and a key is prepared once per
 * object (prepareVerificationKey): the worker keeps the first object of each key, as the light
 * node's verifier worker keeps its pinned key, so a timing loop does not time key preparation.
 */
const keys = new Map<string, Groth16VerificationKey>()
function kept(key: Groth16VerificationKey): Groth16VerificationKey {
  const id = toJson(key)
  const known = keys.get(id)
  if (known) return known
  keys.set(id, key)
  return key
}

async function handle(command: EnvCommand): Promise<EnvResponse> {
  switch (command.kind) {
    case 'execute': {
      await loadCrypto()
      const store = new MemoryStore()
      const newStateRoots: bigint[] = []
      for (const { context, items } of command.batches) newStateRoots.push((await executeBatch(store, context, items)).newStateRoot)
      return { kind: 'execute', newStateRoots }
    }
    case 'verify': {
      const results = []
      for (const { key, publicSignals, proof } of command.jobs) {
        results.push({
          lantern: await outcome(() => verifyGroth16(key, publicSignals, proof)),
          snarkjs: await outcome(() => snarkjs.groth16.verify(key, publicSignals.map(String), proof)),
        })
      }
      return { kind: 'verify', results }
    }
    case 'verifyBatch':
      return { kind: 'verifyBatch', result: await outcome(() => verifyGroth16Batch(command.key, command.items)) }
    case 'timeVerify': {
      const { publicSignals, proof } = command.job
      const key = kept(command.job.key)
      const run =
        command.verifier === 'lantern'
          ? () => verifyGroth16(key, publicSignals, proof)
          : () => snarkjs.groth16.verify(key, publicSignals.map(String), proof)
      const samplesMs: number[] = []
      let ok = true
      for (let i = 0; i < command.iterations; i++) {
        const start = performance.now()
        ok = (await run()) && ok
        samplesMs.push(performance.now() - start)
      }
      return { kind: 'time', samplesMs, ok }
    }
    case 'timeVerifyBatch': {
      const key = kept(command.key)
      const samplesMs: number[] = []
      let ok = true
      for (let i = 0; i < command.iterations; i++) {
        const start = performance.now()
        ok = (await verifyGroth16Batch(key, command.items)) && ok
        samplesMs.push(performance.now() - start)
      }
      return { kind: 'time', samplesMs, ok }
    }
  }
}

self.onmessage = async (event: MessageEvent<string>) => {
  let response: EnvResponse
  try {
    response = await handle(fromJson<EnvCommand>(event.data))
  } catch (error) {
    response = { kind: 'error', error: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : String(error) }
  }
  self.postMessage(toJson(response))
}
self.postMessage(toJson({ kind: 'ready' }))
