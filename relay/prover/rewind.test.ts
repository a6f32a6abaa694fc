// Proofs the relay stored count only for the batch as it is stored now, and a rewind (an L1
// reorg re-executes trusted batches) voids proofs and jobs from the rewound batch on. The stored
// proof words here are placeholders: these paths read roots, never the proof.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { signed, transfer } from '../../src/protocol/testing/fixtures'
import { UnknownProverJobError } from '../../src/rpc/errors'
import { openTestNode, type TestNode } from '../testNode'
import { ProofCoordinator } from './proofCoordinator'
import { readStoredProof } from './storedProof'

let node: TestNode
beforeAll(async () => {
  node = await openTestNode({ accounts: 4 })
  const next = node.nextBatch()
  await node.pool.submit(signed(transfer(2, 3, 5n, 1n, 0n), 2))
  await next
}, 120_000)
afterAll(async () => {
  await node?.close()
})

const coordinator = () => new ProofCoordinator({ storage: node.storage, domain: node.domain, trustedHead: () => node.sequencer.head.number, jobTtlMs: 60_000, maxUnproven: 0 })

async function storeProof(n: number, roots: { stateRoot?: string } = {}): Promise<void> {
  const batch = (await node.storage.getBatch(n))!
  const stored = { newStateRoot: roots.stateRoot ?? batch.stateRoot.toString(), exitRoot: batch.exitRoot.toString(), proof: Array.from({ length: 8 }, () => '1') }
  await node.storage.setMeta(`proof:${n}`, JSON.stringify(stored))
}

it('counts a stored proof only if its roots are those of the batch as stored now', async () => {
  await storeProof(1, { stateRoot: '5' })
  const stale = coordinator()
  await stale.update({ sequenced: 2, verified: 0 })
  expect(stale.isProven(1)).toBe(false)
  await storeProof(1)
  const fresh = coordinator()
  await fresh.update({ sequenced: 2, verified: 0 })
  expect(fresh.isProven(1)).toBe(true)
  expect(fresh.provenThrough).toBe(1)
})

it('after a rewind, proofs and jobs from that batch on are void, in storage too', async () => {
  await storeProof(1)
  await storeProof(2)
  const c = coordinator()
  await c.update({ sequenced: 2, verified: 0 })
  expect(c.provenThrough).toBe(2)
  await node.storage.setMeta('proof:2', '')
  const c2 = coordinator()
  await c2.update({ sequenced: 2, verified: 0 })
  const job2 = (await c2.requestJob('p'))!
  expect(job2.batchNumber).toBe(2)
  await c2.rewind(1)
  expect(c2.isProven(1)).toBe(false)
  expect(await readStoredProof(node.storage, 1)).toBeUndefined()
  await expect(c2.submit(job2.jobId, {})).rejects.toBeInstanceOf(UnknownProverJobError)
  expect(await c2.requestJob('p')).toBeNull()
  await c2.update({ sequenced: 2, verified: 0 })
  expect((await c2.requestJob('p'))?.batchNumber).toBe(1)
})
