// `npm run bench relay-proving-throughput`: trusted batches proven per minute by the relay's
// prover pool (LocalProvers: M worker threads taking jobs from the ProofCoordinator), against
// the same batches proven one after another on the main thread (snarkjs in-process, as the
// aggregator did before the pool) through the same coordinator. Each run starts cold (threads
// and snarkjs's curve are built inside the timing) and proves every batch once, each proof
// verified and persisted by the coordinator. Real proofs: keep N small, the CPU is shared.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Benchmark } from '../../scripts/bench/types'
import { proveBatch } from '../../src/prover/proveBatch'
import { releaseCurve } from '../../src/prover/releaseCurve'
import type { BatchCircuitInput } from '../../src/prover/types'
import { signed, transfer } from '../../src/protocol/testing/fixtures'
import { testConfig } from '../testing'
import { openTestNode, type TestNode } from '../testNode'
import { LocalProvers } from './localProvers'
import { ProofCoordinator } from './proofCoordinator'

const BATCHES = Number(process.env.BENCH_PROVING_BATCHES ?? 2)
const THREADS = Number(process.env.BENCH_PROVING_THREADS ?? 2)

let node: TestNode | undefined
let dataDir = ''

/** A node whose first BATCHES trusted batches exist (deposits, then one transfer per batch). */
async function setup(): Promise<void> {
  if (node) return
  dataDir = mkdtempSync(join(tmpdir(), 'lantern-bench-proving-'))
  node = await openTestNode({ accounts: 4, dataDir, maxBatchWaitMs: 5 })
  for (let nonce = 0n; node.sequencer.head.number < BATCHES; nonce++) {
    const next = node.nextBatch()
    await node.pool.submit(signed(transfer(2, 3, 1n, 1n, nonce), 2))
    await next
  }
}

/** A fresh queue over the node's batches 1..BATCHES with no proof stored. */
async function freshQueue(): Promise<ProofCoordinator> {
  for (let n = 1; n <= BATCHES; n++) await node!.storage.setMeta(`proof:${n}`, '')
  const coordinator = new ProofCoordinator({ storage: node!.storage, domain: node!.domain, trustedHead: () => node!.sequencer.head.number, jobTtlMs: 3_600_000, maxUnproven: 0 })
  await coordinator.update({ sequenced: BATCHES, verified: 0 })
  return coordinator
}

async function teardown(): Promise<void> {
  await releaseCurve()
  await node?.close()
  node = undefined
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}

const perMinute = (meanMs: number) => Math.round((BATCHES / (meanMs / 60_000)) * 100) / 100

export const benchmarks: Benchmark[] = [
  {
    id: 'relay-proving-throughput',
    name: `relay-proving-throughput: ${BATCHES} batches proven by ${THREADS} prover threads (job queue, verified, persisted)`,
    baseline: 'relay-proving-inprocess',
    iterations: 1,
    warmup: 0,
    setup,
    fn: async () => {
      const coordinator = await freshQueue()
      const provers = new LocalProvers({ coordinator, count: THREADS, artifacts: testConfig.circuitArtifacts, idleMs: 20 })
      provers.start()
      try {
        while (coordinator.provenThrough < BATCHES) await coordinator.waitForWork(20)
      } finally {
        await provers.stop()
      }
    },
    teardown,
    metrics: ({ meanMs }) => ({ batchesPerMin: perMinute(meanMs), batches: BATCHES, threads: THREADS }),
  },
  {
    id: 'relay-proving-inprocess',
    name: `relay-proving-inprocess: ${BATCHES} batches proven one by one on the main thread (same queue)`,
    iterations: 1,
    warmup: 0,
    setup,
    fn: async () => {
      const coordinator = await freshQueue()
      await releaseCurve()
      for (let job = await coordinator.requestJob('main'); job; job = await coordinator.requestJob('main')) {
        const { proof } = await proveBatch(job.circuitInput as BatchCircuitInput, testConfig.circuitArtifacts)
        await coordinator.submit(job.jobId, proof)
      }
    },
    teardown,
    metrics: ({ meanMs }) => ({ batchesPerMin: perMinute(meanMs), batches: BATCHES, threads: 1 }),
  },
]
