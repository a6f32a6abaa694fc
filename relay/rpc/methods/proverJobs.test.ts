// The prover-job methods and the proving backlog over a real HTTP server (results checked against
// src/rpc/schema.ts): a job with the stored circuit input, typed errors for unknown jobs and bad
// proofs rebuilt on the client side, and lantern_sendTransaction refused past the backlog limit.
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signed, transfer } from '../../../src/protocol/testing/fixtures'
import { serializeL2Tx } from '../../../src/protocol/tx/l2TxJson'
import { toQuantity } from '../../../src/rpc/encode'
import { InvalidProofError, ProvingBacklogError, UnknownProverJobError, fromJsonRpcError } from '../../../src/rpc/errors'
import type { ProverJob } from '../../../src/rpc/schema'
import { ProofCoordinator } from '../../prover/proofCoordinator'
import { testContext } from '../../testing'
import { openTestNode, type TestNode } from '../../testNode'
import { createHttpServer } from '../httpServer'
import { methods } from '../methods'
import type { RelayContext } from '../types'
import { batchCircuitInput } from '../../prover/batchCircuitInput'

type Reply = { result?: unknown; error?: { code: number; message: string; data?: { code: string } } }

let node: TestNode
const servers: ReturnType<typeof createHttpServer>[] = []

async function serve(ctx: RelayContext): Promise<(method: string, params?: unknown[]) => Promise<Reply>> {
  const server = createHttpServer({ ctx, methods, validateResults: true })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return async (method, params = []) =>
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })).json() as Promise<Reply>
}

const coordinator = (maxUnproven: number) =>
  new ProofCoordinator({ storage: node.storage, domain: node.domain, trustedHead: () => node.sequencer.head.number, jobTtlMs: 30_000, maxUnproven, localProvers: 0 })

// Points of the curve and of the right subgroups (the generators), so only the pairing check can refuse it.
const G2 = [
  ['10857046999023057135944570762232829481370756359578518086990519993285655852781', '11559732032986387107991004021392285783925812861821192530917403151452391805634'],
  ['8495653923123431417604973247489272438418190587263600148770280649306958101930', '4082367875863433681332203403145435568316851327593401208105741076214120093531'],
  ['1', '0'],
]
const generatorProof = { pi_a: ['1', '2', '1'], pi_b: G2, pi_c: ['1', '2', '1'], protocol: 'groth16', curve: 'bn128' }
// Well-formed JSON, but not a point of the curve.
const junkProof = { pi_a: ['1', '1', '1'], pi_b: [['1', '1'], ['1', '1'], ['1', '0']], pi_c: ['1', '1', '1'], protocol: 'groth16', curve: 'bn128' }

beforeAll(async () => {
  node = await openTestNode({ accounts: 3 })
})
afterAll(async () => {
  for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()))
  await node.close()
})

describe('lantern_getProverJob / lantern_submitProof', () => {
  it('hands out the sequenced batch with its circuit input (made from the stored batch) and the public inputs the sequencer stored', async () => {
    const jobs = coordinator(0)
    const rpc = await serve({ ...testContext(undefined, node), jobs })
    expect((await rpc('lantern_getProverJob', [{ proverId: 'x' }])).result).toBeNull()
    await jobs.update({ sequenced: 1, verified: 0 })
    const before = Math.floor(Date.now() / 1000)
    const { result, error } = await rpc('lantern_getProverJob', [{ proverId: 'browser-1' }])
    expect(error).toBeUndefined()
    const job = result as ProverJob
    const batch = (await node.storage.getBatch(1))!
    expect(job.batchNumber).toBe('0x1')
    expect(job.circuitInput).toEqual(await batchCircuitInput(node.storage, node.domain, batch))
    expect(job.publicInputs).toEqual(batch.publicInputs.map(toQuantity))
    expect(Number(BigInt(job.expiresAt))).toBeGreaterThanOrEqual(before + 29)
    expect((await rpc('lantern_getProverJob', [{ proverId: 'browser-2' }])).result).toBeNull()
    expect(((await rpc('lantern_getProverJob', [{ proverId: 'browser-2', batchNumber: '0x1' }])).result as ProverJob).batchNumber).toBe('0x1')
    expect((await rpc('lantern_getProverJob', [{ proverId: 'browser-2', batchNumber: '0x2' }])).result).toBeNull()
    expect((await rpc('lantern_getProverJob', [{ proverId: '' }])).error?.code).toBe(-32602)

    const unknown = (await rpc('lantern_submitProof', [{ jobId: 'nope', proof: junkProof }])).error!
    expect(unknown.code).toBe(-32000)
    expect(fromJsonRpcError(unknown)).toBeInstanceOf(UnknownProverJobError)

    const bad = (await rpc('lantern_submitProof', [{ jobId: job.jobId, proof: junkProof }])).error!
    expect(bad.code).toBe(-32000)
    expect(bad.data?.code).toBe('INVALID_PROOF')
    expect(fromJsonRpcError(bad)).toBeInstanceOf(InvalidProofError)
    expect(jobs.isProven(1)).toBe(false)

    const wrong = (await rpc('lantern_submitProof', [{ jobId: job.jobId, proof: generatorProof }])).error!
    expect(wrong.data?.code).toBe('INVALID_PROOF')
    expect(fromJsonRpcError(wrong).data.reason).toMatch(/pairing/)
    expect(jobs.isProven(1)).toBe(false)
    expect(await node.storage.getMeta('proof:1')).toBeUndefined()

    expect((await rpc('lantern_submitProof', [{ jobId: job.jobId, proof: { ...junkProof, protocol: 'plonk' } }])).error?.code).toBe(-32602)
  })

  it('without a prover queue: no job, and any job id is unknown', async () => {
    const rpc = await serve(testContext(undefined, node))
    expect((await rpc('lantern_getProverJob', [{ proverId: 'x' }])).result).toBeNull()
    expect(fromJsonRpcError((await rpc('lantern_submitProof', [{ jobId: 'j', proof: junkProof }])).error)).toBeInstanceOf(UnknownProverJobError)
  })
})

describe('backpressure', () => {
  it('reports the unproven backlog in lantern_status and refuses transactions at the limit', async () => {
    const head = node.sequencer.head.number
    expect(head).toBeGreaterThanOrEqual(1)
    const jobs = coordinator(head)
    const rpc = await serve({ ...testContext(undefined, node), jobs })
    const status = (await rpc('lantern_status')).result as { proving: Record<string, unknown> }
    expect(status.proving).toEqual({
      sequencedThrough: '0x0',
      provenThrough: '0x0',
      verifiedThrough: '0x0',
      unproven: head,
      maxUnproven: head,
      openJobs: 0,
      localProvers: 0,
    })
    const tx = serializeL2Tx(signed(transfer(2, 3, 5n, 1n, 0n), 2))
    const refused = (await rpc('lantern_sendTransaction', [tx])).error!
    expect(refused.code).toBe(-32000)
    expect(refused.data?.code).toBe('PROVING_BACKLOG')
    const rebuilt = fromJsonRpcError(refused)
    expect(rebuilt).toBeInstanceOf(ProvingBacklogError)
    expect(rebuilt.data).toEqual({ unproven: head, max: head })
    expect(await node.pool.status()).toMatchObject({ pending: 0, queued: 0 })

    // Once L1 verifies the backlog away, the same transaction is taken.
    await jobs.update({ sequenced: head, verified: head })
    const accepted = await rpc('lantern_sendTransaction', [tx])
    expect(accepted.error).toBeUndefined()
    expect((accepted.result as { status: string }).status).toBe('pending')
  })
})
