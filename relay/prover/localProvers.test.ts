// The relay's own provers: a worker thread takes a job from the same queue external provers
// use, proves it (witness + Groth16 in the thread) and submits it through the coordinator, which
// verifies and persists it. A batch the circuit rejects fails in the thread and stores nothing.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ProofGenerationError } from '../../src/prover/errors'
import { releaseCurve } from '../../src/prover/releaseCurve'
import { openTestNode, type TestNode } from '../testNode'
import { LocalProvers } from './localProvers'
import { ProofCoordinator } from './proofCoordinator'
import { ProverThread } from './proverThread'
import { readStoredProof } from './storedProof'
import { batchCircuitInput } from './batchCircuitInput'

const artifact = (name: string) => fileURLToPath(new URL(`../../circuits/artifacts/${name}`, import.meta.url))
const ARTIFACTS = { wasm: artifact('batch.wasm'), zkey: artifact('batch.zkey') }

let node: TestNode
beforeAll(async () => {
  node = await openTestNode({ accounts: 4 })
})
afterAll(async () => {
  await releaseCurve()
  await node?.close()
})

it('proves a sequenced batch in a worker thread and submits it through the job queue', async () => {
  const coordinator = new ProofCoordinator({ storage: node.storage, domain: node.domain, trustedHead: () => node.sequencer.head.number, jobTtlMs: 600_000, maxUnproven: 0 })
  const errors: unknown[] = []
  const provers = new LocalProvers({ coordinator, count: 1, artifacts: ARTIFACTS, idleMs: 50, logger: { error: (_m, err) => errors.push(err) } })
  provers.start()
  try {
    await coordinator.update({ sequenced: 1, verified: 0 })
    const end = Date.now() + 280_000
    while (!coordinator.isProven(1) && errors.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100))
    expect(errors).toEqual([])
    expect(coordinator.accepted).toEqual([{ batchNumber: 1, proverId: 'relay-thread-0' }])
    expect(await readStoredProof(node.storage, 1)).toBeDefined()
  } finally {
    await provers.stop()
  }
}, 300_000)

it('reports a witness the circuit rejects as ProofGenerationError from the thread', async () => {
  const batch = (await node.storage.getBatch(1))!
  const input = { ...((await batchCircuitInput(node.storage, node.domain, batch)) as Record<string, unknown>), newStateRoot: '1' }
  const thread = new ProverThread(ARTIFACTS, 'test-thread')
  try {
    await expect(thread.prove(input)).rejects.toBeInstanceOf(ProofGenerationError)
    expect(thread.exited).toBe(false)
  } finally {
    await thread.close()
  }
  expect(thread.exited).toBe(true)
}, 120_000)
