// Body of one prover worker thread: witness generation and the Groth16 proof (snarkjs
// fullProve) run here, never on the relay's main thread. The snarkjs curve (and its own
// helper threads) is built on the first proof and kept for the next; `close` releases it.
import { parentPort } from 'node:worker_threads'
import { serializeError } from '../../src/protocol/errors'
import { proveBatch } from '../../src/prover/proveBatch'
import { releaseCurve } from '../../src/prover/releaseCurve'
import type { BatchCircuitInput } from '../../src/prover/types'
import { ProverWorkerError } from './errors'
import type { ProveRequest, ProveResponse } from './proverThread'

const port = parentPort
if (!port) throw new ProverWorkerError('proveWorker.ts runs as a worker thread only.')

port.on('message', (message: ProveRequest) => {
  if (message.type === 'close') {
    void releaseCurve().finally(() => port.close())
    return
  }
  const reply = (response: ProveResponse) => port.postMessage(response)
  proveBatch(message.circuitInput as BatchCircuitInput, message.artifacts).then(
    ({ proof }) => reply({ id: message.id, proof }),
    (err: unknown) => reply({ id: message.id, error: serializeError(err) }),
  )
})
