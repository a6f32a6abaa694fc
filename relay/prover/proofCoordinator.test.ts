// The prover-job protocol on real trusted batches and one real Groth16 proof (batch 1, made
// once in-process with the committed artifacts): jobs in order, re-handed after expiry, the
// proof checked against the relay's own public inputs, first valid proof wins, bad proofs and
// unknown jobs change nothing, proofs survive a restart while jobs do not, and the backlog.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BN254_BASE_FIELD } from '../../src/prover/parseProof'
import { proofToSolidityCalldata } from '../../src/prover/proofToSolidityCalldata'
import { proveBatch } from '../../src/prover/proveBatch'
import { releaseCurve } from '../../src/prover/releaseCurve'
import type { BatchCircuitInput, Groth16Proof } from '../../src/prover/types'
import { signed, transfer } from '../../src/protocol/testing/fixtures'
import { InvalidProofError, ProvingBacklogError, UnknownProverJobError } from '../../src/rpc/errors'
import { openTestNode, type TestNode } from '../testNode'
import { ProofCoordinator } from './proofCoordinator'
import { readStoredProof } from './storedProof'
import { batchCircuitInput } from './batchCircuitInput'

const artifact = (name: string) => fileURLToPath(new URL(`../../circuits/artifacts/${name}`, import.meta.url))
const ARTIFACTS = { wasm: artifact('batch.wasm'), zkey: artifact('batch.zkey') }
const TTL = 60_000

let node: TestNode
let proof1: Groth16Proof
let clock = 1_000_000

function coordinator(maxUnproven = 0): ProofCoordinator {
  return new ProofCoordinator({ storage: node.storage, domain: node.domain, trustedHead: () => node.sequencer.head.number, jobTtlMs: TTL, maxUnproven, now: () => clock })
}

beforeAll(async () => {
  node = await openTestNode({ accounts: 4 })
  for (let nonce = 0n; nonce < 2n; nonce++) {
    const next = node.nextBatch()
    await node.pool.submit(signed(transfer(2, 3, 5n, 1n, nonce), 2))
    await next
  }
  expect(node.sequencer.head.number).toBeGreaterThanOrEqual(3)
  const batch1 = (await node.storage.getBatch(1))!
  proof1 = (await proveBatch((await batchCircuitInput(node.storage, node.domain, batch1)) as BatchCircuitInput, ARTIFACTS)).proof
}, 900_000)

afterAll(async () => {
  await releaseCurve()
  await node?.close()
})

describe('jobs', () => {
  it('hands out sequenced batches lowest first, one live job per batch, with the input made from the stored batch', async () => {
    const c = coordinator()
    expect(await c.requestJob('a')).toBeNull()
    await c.update({ sequenced: 2, verified: 0 })
    const j1 = await c.requestJob('a')
    const j2 = await c.requestJob('b')
    expect([j1?.batchNumber, j2?.batchNumber]).toEqual([1, 2])
    expect(await c.requestJob('c')).toBeNull()
    const batch1 = (await node.storage.getBatch(1))!
    expect(j1!.circuitInput).toEqual(await batchCircuitInput(node.storage, node.domain, batch1))
    expect(j1!.publicInputs).toEqual(batch1.publicInputs)
    expect(j1!.expiresAt).toBe(clock + TTL)
    expect(j1!.jobId).not.toBe(j2!.jobId)
    expect(c.status()).toMatchObject({ sequencedThrough: 2, provenThrough: 0, verifiedThrough: 0, openJobs: 2 })
  })

  it('hands a batch out again once its job expired; the old job may still submit', async () => {
    const c = coordinator()
    await c.update({ sequenced: 1, verified: 0 })
    const first = (await c.requestJob('slow'))!
    expect(await c.requestJob('other')).toBeNull()
    clock += TTL
    const again = (await c.requestJob('other'))!
    expect(again.batchNumber).toBe(1)
    expect(again.jobId).not.toBe(first.jobId)
    expect(await c.submit(first.jobId, proof1)).toEqual({ batchNumber: 1, status: 'accepted' })
    expect(c.accepted).toEqual([{ batchNumber: 1, proverId: 'slow' }])
    expect(await c.submit(again.jobId, proof1)).toEqual({ batchNumber: 1, status: 'alreadyProven' })
  })

  it('gives a job for a named batch only while it is sequenced and unproven', async () => {
    const c = coordinator()
    await c.update({ sequenced: 2, verified: 1 })
    expect(await c.requestJob('p', 1)).toBeNull()
    expect(await c.requestJob('p', 3)).toBeNull()
    expect((await c.requestJob('p', 2))?.batchNumber).toBe(2)
    expect((await c.requestJob('q', 2))?.batchNumber).toBe(2)
  })
})

describe('submissions', () => {
  it('rejects an unknown job', async () => {
    const c = coordinator()
    await c.update({ sequenced: 2, verified: 0 })
    await expect(c.submit('no-such-job', proof1)).rejects.toBeInstanceOf(UnknownProverJobError)
  })

  it('rejects a proof that fails the pairing check or is malformed, and changes nothing', async () => {
    await node.storage.setMeta('proof:1', '')
    const c = coordinator()
    await c.update({ sequenced: 2, verified: 0 })
    const job = (await c.requestJob('p'))!
    expect(job.batchNumber).toBe(1)
    // −A instead of A: still a curve point, so only the pairing can tell.
    const negated = { ...proof1, pi_a: [proof1.pi_a[0], (BN254_BASE_FIELD - BigInt(proof1.pi_a[1])).toString(), proof1.pi_a[2]] }
    await expect(c.submit(job.jobId, negated)).rejects.toBeInstanceOf(InvalidProofError)
    const offCurve = { ...proof1, pi_a: [proof1.pi_a[0], '1', '1'] }
    await expect(c.submit(job.jobId, offCurve)).rejects.toThrow(InvalidProofError)
    expect(await readStoredProof(node.storage, 1)).toBeUndefined()
    expect(c.isProven(1)).toBe(false)
    expect(c.accepted).toEqual([])
    // The job is still open: the same prover can send the right proof.
    expect(await c.submit(job.jobId, proof1)).toEqual({ batchNumber: 1, status: 'accepted' })
  })

  it("checks a proof against the job's batch with the relay's public inputs, not the proof's own", async () => {
    const c = coordinator()
    await c.update({ sequenced: 2, verified: 0 })
    const job2 = (await c.requestJob('p', 2))!
    // A valid proof — of batch 1. Submitted for batch 2 it must fail.
    await expect(c.submit(job2.jobId, proof1)).rejects.toBeInstanceOf(InvalidProofError)
    expect(c.isProven(2)).toBe(false)
  })

  it('keeps the first valid proof, persisted before the ack; a second valid one is alreadyProven', async () => {
    await node.storage.setMeta('proof:1', '')
    const c = coordinator()
    await c.update({ sequenced: 2, verified: 0 })
    const a = (await c.requestJob('a', 1))!
    const b = (await c.requestJob('b', 1))!
    const [ra, rb] = await Promise.all([c.submit(a.jobId, proof1), c.submit(b.jobId, proof1)])
    expect([ra.status, rb.status].sort()).toEqual(['accepted', 'alreadyProven'])
    expect(c.accepted).toHaveLength(1)
    const stored = (await readStoredProof(node.storage, 1))!
    const batch1 = (await node.storage.getBatch(1))!
    expect(stored).toEqual({ newStateRoot: batch1.stateRoot.toString(), exitRoot: batch1.exitRoot.toString(), proof: proofToSolidityCalldata(proof1).map(String) })
    expect(c.provenThrough).toBe(1)
    expect((await c.requestJob('c'))?.batchNumber).toBe(2)
  })

  it('after a restart: persisted proofs count, jobs handed out before are unknown', async () => {
    await node.storage.setMeta('proof:1', '')
    const before = coordinator()
    await before.update({ sequenced: 2, verified: 0 })
    const job = (await before.requestJob('p'))!
    await before.submit(job.jobId, proof1)
    const stale = (await before.requestJob('p'))!
    expect(stale.batchNumber).toBe(2)

    const after = coordinator()
    await after.update({ sequenced: 2, verified: 0 })
    expect(after.provenThrough).toBe(1)
    await expect(after.submit(stale.jobId, proof1)).rejects.toBeInstanceOf(UnknownProverJobError)
    expect((await after.requestJob('p'))?.batchNumber).toBe(2)
  })

  it('forgets jobs of batches L1 verified', async () => {
    const c = coordinator()
    await c.update({ sequenced: 2, verified: 0 })
    const job = (await c.requestJob('p', 2))!
    await c.update({ sequenced: 2, verified: 2 })
    expect(c.provenThrough).toBe(2)
    await expect(c.submit(job.jobId, proof1)).rejects.toBeInstanceOf(UnknownProverJobError)
  })
})

describe('backlog', () => {
  it('counts trusted batches above provenThrough and refuses at the limit', async () => {
    const head = node.sequencer.head.number
    await node.storage.setMeta('proof:1', '')
    expect(coordinator().unproven).toBe(head)
    const fresh = coordinator(head)
    expect(() => fresh.assertBacklog()).toThrow(ProvingBacklogError)
    await fresh.update({ sequenced: head, verified: 1 })
    expect(fresh.unproven).toBe(head - 1)
    expect(() => fresh.assertBacklog()).not.toThrow()
    expect(fresh.status()).toMatchObject({ unproven: head - 1, maxUnproven: head })
    const unlimited = coordinator(0)
    expect(() => unlimited.assertBacklog()).not.toThrow()
  })
})
