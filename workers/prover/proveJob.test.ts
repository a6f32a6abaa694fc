// The browser side of the prover-job protocol over a fake relay and a fake prover: what is sent,
// what is refused before submitting, and relay errors rebuilt as their typed classes.
import { describe, expect, it } from 'vitest'
import { InvalidProofError, UnknownProverJobError, toJsonRpcError } from '../../src/rpc/errors.js'
import type { Groth16Proof } from '../../src/prover/types.js'
import { NoProverJobError, ProverJobMismatchError, RelayResponseError, RelayUnreachableError } from './errors.js'
import { type RelayCall, httpRelay, proveJob } from './proveJob.js'
import type { ProveRequest } from './proverApi.js'

const PROOF: Groth16Proof = {
  pi_a: ['1', '2', '1'],
  pi_b: [['3', '4'], ['5', '6'], ['1', '0']],
  pi_c: ['7', '8', '1'],
  protocol: 'groth16',
  curve: 'bn128',
}
const INPUTS = [5n, 77n, 123456789n]
const JOB = { jobId: 'job-7', batchNumber: '0x7', circuitInput: { a: '1', b: ['2', ['3']] }, publicInputs: INPUTS.map((n) => `0x${n.toString(16)}`), expiresAt: '0x6553f100' }
const ARTIFACTS = { wasmUrl: 'https://app.test/batch.wasm', zkeyUrl: 'https://app.test/batch.zkey' }

function fakeRelay(job: unknown = JOB, submitResult: unknown = { batchNumber: '0x7', status: 'accepted' }) {
  const calls: { method: string; params: unknown[] }[] = []
  const relay: RelayCall = async (method, params) => {
    calls.push({ method, params })
    return method === 'lantern_getProverJob' ? job : submitResult
  }
  return { relay, calls }
}

function fakeProver(publicSignals = INPUTS.map(String)) {
  const requests: ProveRequest[] = []
  return {
    requests,
    prover: {
      prove: async (request: ProveRequest) => {
        requests.push(request)
        return { proof: PROOF, publicSignals, timings: { downloadMs: 0, witnessMs: 1, proveMs: 2, totalMs: 3, steps: {} } }
      },
    },
  }
}

describe('proveJob', () => {
  it('asks for the batch by number, proves the job’s circuit input and submits the proof under the job id', async () => {
    const { relay, calls } = fakeRelay()
    const { prover, requests } = fakeProver()
    const result = await proveJob({ relay, prover, batchNumber: 7n, proverId: 'browser-1', artifacts: ARTIFACTS })
    expect(result).toMatchObject({ batchNumber: 7n, status: 'accepted' })
    expect(calls).toEqual([
      { method: 'lantern_getProverJob', params: [{ proverId: 'browser-1', batchNumber: '0x7' }] },
      { method: 'lantern_submitProof', params: [{ jobId: 'job-7', proof: PROOF }] },
    ])
    expect(requests).toEqual([{ circuitInput: JOB.circuitInput, artifacts: ARTIFACTS }])
  })

  it('says there is nothing to prove when the relay has no job, and proves nothing', async () => {
    const { relay, calls } = fakeRelay(null)
    const { prover, requests } = fakeProver()
    await expect(proveJob({ relay, prover, batchNumber: 7n, proverId: 'p', artifacts: ARTIFACTS })).rejects.toBeInstanceOf(NoProverJobError)
    expect(requests).toHaveLength(0)
    expect(calls).toHaveLength(1)
  })

  it('submits nothing when the proof’s public signals are not the job’s public inputs', async () => {
    const { relay, calls } = fakeRelay()
    const { prover } = fakeProver(['5', '78', '123456789'])
    await expect(proveJob({ relay, prover, batchNumber: 7n, proverId: 'p', artifacts: ARTIFACTS })).rejects.toMatchObject({ name: 'ProverJobMismatchError', data: { index: 1 } })
    const short = fakeProver(['5', '77'])
    await expect(proveJob({ relay, prover: short.prover, batchNumber: 7n, proverId: 'p', artifacts: ARTIFACTS })).rejects.toBeInstanceOf(ProverJobMismatchError)
    expect(calls.filter((c) => c.method === 'lantern_submitProof')).toHaveLength(0)
  })

  it('refuses a malformed job and a job for another batch', async () => {
    const { prover } = fakeProver()
    const bad = fakeRelay({ ...JOB, publicInputs: ['12'] })
    await expect(proveJob({ relay: bad.relay, prover, batchNumber: 7n, proverId: 'p', artifacts: ARTIFACTS })).rejects.toBeInstanceOf(RelayResponseError)
    const other = fakeRelay({ ...JOB, batchNumber: '0x8' })
    await expect(proveJob({ relay: other.relay, prover, batchNumber: 7n, proverId: 'p', artifacts: ARTIFACTS })).rejects.toThrow(/got a job for batch 8/)
  })
})

describe('httpRelay', () => {
  const answering = (body: unknown) => (async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })) as typeof fetch

  it('rebuilds the relay’s InvalidProofError and UnknownProverJobError as their classes', async () => {
    const invalid = httpRelay('http://relay.test', answering({ jsonrpc: '2.0', id: 1, error: toJsonRpcError(new InvalidProofError({ jobId: 'j', batchNumber: 7n, reason: 'the pairing check fails' })) }))
    const error = await invalid('lantern_submitProof', []).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidProofError)
    expect(error).toMatchObject({ data: { jobId: 'j', batchNumber: '7' } })
    const unknown = httpRelay('http://relay.test', answering({ jsonrpc: '2.0', id: 1, error: toJsonRpcError(new UnknownProverJobError({ jobId: 'gone' })) }))
    await expect(unknown('lantern_submitProof', [])).rejects.toBeInstanceOf(UnknownProverJobError)
  })

  it('returns the result, and says when the relay is down or answers something else', async () => {
    expect(await httpRelay('http://relay.test', answering({ jsonrpc: '2.0', id: 1, result: null }))('lantern_getProverJob', [])).toBeNull()
    const down = httpRelay('http://relay.test', (async () => {
      throw new TypeError('fetch failed')
    }) as typeof fetch)
    await expect(down('lantern_getProverJob', [])).rejects.toBeInstanceOf(RelayUnreachableError)
    const html = httpRelay('http://relay.test', (async () => new Response('<html>', { status: 502 })) as typeof fetch)
    await expect(html('lantern_getProverJob', [])).rejects.toThrow(/HTTP 502, not JSON/)
  })
})
