// The full flow from Node with an external prover: a relay with no prover threads of its own
// (LANTERN_RELAY_PROVERS=0) over a real anvil with the real BatchVerifier. L1 deposits → trusted
// credit → signed transfers through lantern_sendTransaction → sequenced on L1 → this test, as
// the prover, takes jobs with lantern_getProverJob, proves them with src/prover/proveBatch and
// submits them with lantern_submitProof → verified on L1 (zkevm_verifiedBatchNumber), balances
// right. On the way: an unknown job, a bad proof, a valid proof for the wrong job, a duplicate,
// and an expired job handed out again. Real proofs, one per batch (2–3).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { rollupAbi } from '../../contracts/generated/abis'
import { deposit, GWEI, type Lantern, mined, startLantern } from '../../contracts/test/helpers/lantern'
import { proveBatch } from '../../src/prover/proveBatch'
import { releaseCurve } from '../../src/prover/releaseCurve'
import type { BatchCircuitInput, Groth16Proof } from '../../src/prover/types'
import { addressToBigint } from '../../src/protocol/field'
import { signed, testPublicKey, transfer } from '../../src/protocol/testing/fixtures'
import { serializeL2Tx } from '../../src/protocol/tx/l2TxJson'
import { InvalidProofError, UnknownProverJobError, fromJsonRpcError } from '../../src/rpc/errors'
import type { ProverJob } from '../../src/rpc/schema'
import { type Relay, startRelay } from '../startRelay'
import { testConfig } from '../testing'
import { AGGREGATOR_KEY, quietLogger, relayConfigOn, tempDataDir } from '../anvilTesting'
import { batchCircuitInput } from './batchCircuitInput'

const JOB_TTL_MS = 2_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const t0 = Date.now()
// Progress on stderr: proofs take minutes on a loaded machine, and a timeout should say where it stood.
const step = (what: string) => process.stderr.write(`[external prover test +${Math.round((Date.now() - t0) / 1000)} s] ${what}\n`)

let L: Lantern
let data: ReturnType<typeof tempDataDir>
let relay: Relay | undefined
beforeAll(async () => {
  L = await startLantern({ verifier: 'real' })
  data = tempDataDir('relay-ext')
}, 120_000)
afterAll(async () => {
  await relay?.close()
  await releaseCurve()
  await L?.stop()
  data?.remove()
})

type Reply = { result?: unknown; error?: { code: number; message: string; data?: { code: string } } }
const rpc = async (method: string, params: unknown[] = []): Promise<Reply> =>
  (await fetch(relay!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })).json() as Promise<Reply>
const result = async <T>(method: string, params: unknown[] = []): Promise<T> => {
  const reply = await rpc(method, params)
  if (reply.error) throw fromJsonRpcError(reply.error)
  return reply.result as T
}
const read = async (functionName: 'lastSequencedBatch' | 'lastVerifiedBatch') => Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName }))
const prove = async (job: ProverJob): Promise<Groth16Proof> => (await proveBatch(job.circuitInput as BatchCircuitInput, testConfig.circuitArtifacts)).proof
const submit = (jobId: string, proof: unknown) => rpc('lantern_submitProof', [{ jobId, proof }])

it('deposit → trusted → transfers → sequenced → proven by an external prover through the job protocol → verified', async () => {
  relay = await startRelay(
    relayConfigOn(L, data.dir, {
      aggregatorPrivateKey: AGGREGATOR_KEY,
      aggregatorK: 4,
      aggregatorIntervalMs: 0,
      relayProvers: 0,
      proverJobTtlMs: JOB_TTL_MS,
      maxUnprovenBatches: 16,
      l1PollMs: 100,
      // Long enough that the fee account's registration and both deposits share batch 1.
      batchMaxWaitMs: 4_000,
    }),
    { logger: quietLogger },
  )
  const domain = { chainId: BigInt(L.chain.id), rollupAddress: addressToBigint(L.rollup) }
  const end = Date.now() + 1_450_000
  const until = async (what: string, done: () => Promise<boolean>) => {
    while (!(await done())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
      await sleep(100)
    }
  }

  // L1 deposits, each keyed; credited in trusted state by the relay.
  await mined(L, deposit(L, L.alice, L.alice, 7_000n * GWEI, [testPublicKey(5).pubAx, testPublicKey(5).pubAy]))
  await mined(L, deposit(L, L.bob, L.bob, 1_000n * GWEI, [testPublicKey(6).pubAx, testPublicKey(6).pubAy]))
  const indexOf = async (who: `0x${string}`) => Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accountIndexOf', args: [who] }))
  const [alice, bob] = [await indexOf(L.alice), await indexOf(L.bob)]
  const account = (index: number) => result<{ balanceGwei: string } | null>('lantern_getAccount', [{ index }])
  await until('trusted credit', async () => (await account(bob))?.balanceGwei === '0x3e8')
  step('deposits credited in trusted state')

  // Signed transfers through the RPC, trusted once the sequencer includes them.
  for (const [nonce, amount] of [[0n, 100n], [1n, 250n]] as const) {
    const sent = await result<{ status: string }>('lantern_sendTransaction', [serializeL2Tx(signed(transfer(alice, bob, amount, 2n, nonce), 5, domain))])
    expect(sent.status).toBe('pending')
  }
  await until('trusted transfers', async () => BigInt((await account(bob))!.balanceGwei) === 1_350n)
  const head = relay.node.sequencer.head.number
  await until('sequenced', async () => (await read('lastSequencedBatch')) >= head)
  step(`transfers trusted, batches 1–${head} sequenced on L1`)

  // Nothing proves but this test: the relay hands out the lowest unproven batch first.
  await until('a job', async () => BigInt((await result<{ proving?: { sequencedThrough: string } }>('lantern_status')).proving?.sequencedThrough ?? '0x0') >= BigInt(head))
  const first = (await result<ProverJob | null>('lantern_getProverJob', [{ proverId: 'slow' }]))!
  expect(first.batchNumber).toBe('0x1')
  const stored = (await relay.node.storage.getBatch(1))!
  expect(first.circuitInput).toEqual(await batchCircuitInput(relay.node.storage, relay.node.domain, stored))

  // While `slow` holds batch 1 the next prover gets batch 2.
  const second = (await result<ProverJob | null>('lantern_getProverJob', [{ proverId: 'fast' }]))!
  expect(second.batchNumber).toBe('0x2')

  const proof1 = await prove(first)
  step('batch 1 proven')
  const unknown = await submit('0123456789abcdef', proof1)
  expect(fromJsonRpcError(unknown.error)).toBeInstanceOf(UnknownProverJobError)
  const bad = await submit(first.jobId, { ...proof1, pi_c: proof1.pi_a })
  expect(bad.error?.code).toBe(-32000)
  expect(fromJsonRpcError(bad.error)).toBeInstanceOf(InvalidProofError)
  const wrongJob = await submit(second.jobId, proof1)
  expect(fromJsonRpcError(wrongJob.error)).toBeInstanceOf(InvalidProofError)

  // Slow's job has expired (proving takes longer than the TTL): batch 1 is handed out again.
  await sleep(JOB_TTL_MS + 100)
  const again = (await result<ProverJob | null>('lantern_getProverJob', [{ proverId: 'fast' }]))!
  expect(again.batchNumber).toBe('0x1')
  expect(again.jobId).not.toBe(first.jobId)

  // The expired job's proof is still taken (first valid proof wins); the re-handed one is then a duplicate.
  expect(await result('lantern_submitProof', [{ jobId: first.jobId, proof: proof1 }])).toEqual({ batchNumber: '0x1', status: 'accepted' })
  expect(await result('lantern_submitProof', [{ jobId: again.jobId, proof: proof1 }])).toEqual({ batchNumber: '0x1', status: 'alreadyProven' })
  expect(await result('lantern_submitProof', [{ jobId: first.jobId, proof: proof1 }])).toEqual({ batchNumber: '0x1', status: 'alreadyProven' })

  // Prove the rest as a plain prover loop would.
  for (let job = second; ; ) {
    expect(await result('lantern_submitProof', [{ jobId: job.jobId, proof: await prove(job) }])).toMatchObject({ status: 'accepted' })
    step(`batch ${BigInt(job.batchNumber)} proven and accepted`)
    const next = await result<ProverJob | null>('lantern_getProverJob', [{ proverId: 'fast' }])
    if (!next) break
    job = next
  }
  expect(relay.coordinator!.accepted.map((a) => a.batchNumber)).toEqual(Array.from({ length: head }, (_, i) => i + 1))

  await until('verified on L1', async () => BigInt(await result<string>('zkevm_verifiedBatchNumber')) >= BigInt(head))
  const verified = await read('lastVerifiedBatch')
  const root = await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'lastVerifiedStateRoot' })
  expect(root).toBe((await relay.node.storage.getBatch(verified))!.stateRoot)
  expect(BigInt((await account(alice))!.balanceGwei)).toBe(7_000n - 350n - 4n)
  expect(BigInt((await account(bob))!.balanceGwei)).toBe(1_350n)
  expect(await result('lantern_getProverJob', [{ proverId: 'late' }])).toBeNull()
}, 1_500_000)
