// A signature-check worker: verifies EdDSA-Poseidon signatures with the protocol's own code
// (WASM Poseidon, pure-bigint BabyJub), so the relay's event loop never pays for them.
import { parentPort } from 'node:worker_threads'
import { loadCrypto } from '../../src/protocol/crypto/loadCrypto'
import type { SigCheckRequest, SigCheckResponse } from './protocol'
import { checkSignature } from './verdict'

const ready = loadCrypto()
parentPort?.on('message', (request: SigCheckRequest) => {
  ready.then(
    () => {
      let response: SigCheckResponse
      try {
        response = { id: request.id, verdicts: request.items.map(checkSignature) }
      } catch (err) {
        response = { id: request.id, error: err instanceof Error ? err.message : String(err) }
      }
      parentPort!.postMessage(response)
    },
    (err: unknown) => parentPort!.postMessage({ id: request.id, error: `loadCrypto failed: ${err instanceof Error ? err.message : String(err)}` } satisfies SigCheckResponse),
  )
})
