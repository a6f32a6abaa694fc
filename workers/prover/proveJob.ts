/**
 * Proving a batch for the relay, in this browser: `lantern_getProverJob` → prove the job's
 * circuit input in the prover worker → `lantern_submitProof`. Relay errors are rebuilt as their
 * typed classes (UnknownProverJobError, InvalidProofError, …) with `fromJsonRpcError`.
 */
import { fromJsonRpcError } from '../../src/rpc/errors.js'
import { toQuantity } from '../../src/rpc/encode.js'
import { type ProverJob, rpcMethods } from '../../src/rpc/schema.js'
import { NoProverJobError, ProverJobMismatchError, RelayResponseError, RelayUnreachableError } from './errors.js'
import type { ProveResponse, ProverArtifactUrls, ProverProgress } from './proverApi.js'
import type { ProverHandle } from './connectProver.js'

/** One JSON-RPC call to the relay; rejects with the typed error the relay sent. */
export type RelayCall = (method: string, params: unknown[]) => Promise<unknown>

let nextId = 1

/** A RelayCall over HTTP POST (JSON-RPC 2.0), rebuilding relay errors as typed errors. */
export function httpRelay(url: string, fetchFn: typeof fetch = globalThis.fetch): RelayCall {
  return async (method, params) => {
    let response: Response
    try {
      response = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }) })
    } catch (cause) {
      throw new RelayUnreachableError({ url }, { cause })
    }
    let body: { result?: unknown; error?: unknown }
    try {
      body = (await response.json()) as typeof body
    } catch (cause) {
      throw new RelayResponseError({ method, reason: `HTTP ${response.status}, not JSON` }, { cause })
    }
    if (body.error !== undefined) throw fromJsonRpcError(body.error)
    return body.result
  }
}

export type ProveJobParameters = {
  relay: RelayCall
  prover: Pick<ProverHandle, 'prove'>
  batchNumber: bigint
  /** How this browser names itself to the relay (shown in its logs). */
  proverId: string
  artifacts: ProverArtifactUrls
  onProgress?: (progress: ProverProgress) => void
}

export type ProveJobReturnType = { batchNumber: bigint; status: 'accepted' | 'alreadyProven'; timings: ProveResponse['timings'] }

/** Takes the relay's job for `batchNumber`, proves it here and submits the proof (see the module comment). */
export async function proveJob({ relay, prover, batchNumber, proverId, artifacts, onProgress }: ProveJobParameters): Promise<ProveJobReturnType> {
  const job = parse('lantern_getProverJob', await relay('lantern_getProverJob', [{ proverId, batchNumber: toQuantity(batchNumber) }]))
  if (job === null) throw new NoProverJobError({ batchNumber })
  if (BigInt(job.batchNumber) !== batchNumber) throw new RelayResponseError({ method: 'lantern_getProverJob', reason: `asked for batch ${batchNumber}, got a job for batch ${BigInt(job.batchNumber)}` })
  const proved = await prover.prove({ circuitInput: job.circuitInput as never, artifacts }, onProgress)
  // The relay checks the proof against its own stored inputs: a witness input that does not
  // lead to them would be proven for nothing (and would look like a bad prover).
  const expected = job.publicInputs.map((q) => BigInt(q))
  const index = expected.findIndex((value, i) => proved.publicSignals[i] === undefined || BigInt(proved.publicSignals[i]!) !== value)
  if (index !== -1 || proved.publicSignals.length !== expected.length) throw new ProverJobMismatchError({ batchNumber, index: index === -1 ? expected.length : index })
  const ack = parseSubmit(await relay('lantern_submitProof', [{ jobId: job.jobId, proof: proved.proof }]))
  return { batchNumber: BigInt(ack.batchNumber), status: ack.status, timings: proved.timings }
}

function parse(method: 'lantern_getProverJob', result: unknown): ProverJob | null {
  const parsed = rpcMethods[method].result.safeParse(result)
  if (!parsed.success) throw new RelayResponseError({ method, reason: parsed.error.issues[0]?.message ?? 'unexpected shape' })
  return parsed.data
}

function parseSubmit(result: unknown): { batchNumber: string; status: 'accepted' | 'alreadyProven' } {
  const parsed = rpcMethods.lantern_submitProof.result.safeParse(result)
  if (!parsed.success) throw new RelayResponseError({ method: 'lantern_submitProof', reason: parsed.error.issues[0]?.message ?? 'unexpected shape' })
  return parsed.data
}
