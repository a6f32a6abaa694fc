// Trusted throughput of the relay, over real WebSocket clients against the real node (SQLite
// file with synchronous=FULL, pool, sequencer, broadcast). A transfer is measured from the time
// it was due to be sent to the trustedBatches notification that includes it (signature checked
// at admission, durable in the pool, executed, batch persisted, broadcast).
//
// - `relay-trusted-throughput`: an offered load of BENCH_RELAY_RATE tx/s (default 500) spread
//   over BENCH_RELAY_CLIENTS clients for BENCH_RELAY_SECONDS, sent from a thread of their own
//   (relay/benchLoad/load.worker.ts), so the relay's event loop does only the relay's work.
//   Latency counts from the scheduled send time, so a relay that stalls is charged for the
//   stall instead of hiding it. txPerSec is what was included over the span
//   from the first scheduled send to the last inclusion: below the offered rate when the relay
//   cannot keep up (its latencies then grow through the run).
// - `relay-trusted-burst`: every pre-signed transfer pushed at once (capacity when saturated;
//   its p99 is the time to drain the whole burst).
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { performance as nodePerformance } from 'node:perf_hooks'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Benchmark } from '../scripts/bench/types'
import { percentile } from '../scripts/bench/runBenchmarks'
import { toBytes32Hex } from '../src/protocol/field'
import { DOMAIN, signed, transfer } from '../src/protocol/testing/fixtures'
import { txHash } from '../src/protocol/tx/l2Tx'
import { serializeL2Tx } from '../src/protocol/tx/l2TxJson'
import { createHttpServer } from './rpc/httpServer'
import { methods } from './rpc/methods'
import { testContext } from './testing'
import { defaultSignatureThreads } from './sigcheck/signatureChecker'
import { openTestNode, type TestNode } from './testNode'
import type { LoadPayload, LoadRequest, LoadResult } from './benchLoad/load.worker'

type Payload = LoadPayload
type Measured = { txPerSec: number; p50Ms: number; p99Ms: number; batches: number; included: number; cpuMsPerTx: number; mainMsPerTx: number; loadMsPerTx: number }

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

/** One relay node over a fresh data dir, served on a random port, with every transfer pre-signed. */
function rig(clients: number, perClient: number) {
  let dataDir = ''
  let node: TestNode | undefined
  let server: ReturnType<typeof createHttpServer> | undefined
  let url = ''
  let payloads: Payload[][] = []
  return {
    get payloads() {
      return payloads
    },
    get url() {
      return url
    },
    setup: async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'lantern-bench-'))
      node = await openTestNode({ accounts: clients + 1, dataDir, maxBatchWaitMs: 20, signatureThreads: env('BENCH_RELAY_SIG_THREADS', defaultSignatureThreads()), pool: { maxNonceGap: perClient, maxPerAccount: perClient, maxPoolSize: clients * perClient } })
      server = createHttpServer({ ctx: testContext(undefined, node), methods, limits: { ratePerSecond: 1e6, rateBurst: 1e6 } })
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
      url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
      payloads = Array.from({ length: clients }, (_, c) =>
        Array.from({ length: perClient }, (_, n) => {
          const tx = signed(transfer(c + 2, 1, 1n, 1n, BigInt(n)), c + 2)
          return { hash: toBytes32Hex(txHash(tx, DOMAIN)), body: JSON.stringify({ jsonrpc: '2.0', id: n, method: 'lantern_sendTransaction', params: [serializeL2Tx(tx)] }) }
        }),
      )
    },
    teardown: async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
      await node?.close()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Sends every payload (client c's j-th at `due(c, j)` ms after the start) from the load thread
 * and resolves once it has seen all of them in trusted batches. A refused submission fails the run.
 */
async function run(r: ReturnType<typeof rig>, due: (client: number, j: number) => number): Promise<Measured> {
  const request: LoadRequest = { url: r.url, payloads: r.payloads, dueMs: r.payloads.map((list, c) => list.map((_, j) => due(c, j))) }
  const total = r.payloads.reduce((n, p) => n + p.length, 0)
  const cpu0 = process.cpuUsage()
  const elu0 = nodePerformance.eventLoopUtilization()
  const worker = new Worker(new URL('./benchLoad/load.worker.mjs', import.meta.url), { workerData: request, name: 'lantern-bench-load' })
  const result = await new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the load thread exited (${code}) before reporting`)))
  })
  const cpu = process.cpuUsage(cpu0)
  const elu = nodePerformance.eventLoopUtilization(elu0)
  await worker.terminate()
  if (!result.ok) throw new Error(`relay bench load: ${result.error}`)
  const sorted = result.latencies.sort((a, b) => a - b)
  return {
    txPerSec: Math.round((total / result.spanMs) * 1000),
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    batches: result.batches,
    included: result.latencies.length,
    // Work per transaction: the relay's event loop busy time; every thread's CPU (the load
    // thread's included); the load thread's own busy time.
    mainMsPerTx: Math.round((elu.active / total) * 100) / 100,
    cpuMsPerTx: Math.round(((cpu.user + cpu.system) / 1000 / total) * 100) / 100,
    loadMsPerTx: Math.round((result.activeMs / total) * 100) / 100,
  }
}

const RATE = env('BENCH_RELAY_RATE', 500)
const SECONDS = env('BENCH_RELAY_SECONDS', 4)
const PACED_CLIENTS = env('BENCH_RELAY_CLIENTS', 16)
const PACED_PER_CLIENT = Math.ceil((RATE * SECONDS) / PACED_CLIENTS)
const paced = rig(PACED_CLIENTS, PACED_PER_CLIENT)
let pacedResult: Measured | undefined

const BURST_CLIENTS = env('BENCH_RELAY_BURST_CLIENTS', 8)
const BURST_PER_CLIENT = env('BENCH_RELAY_PER_CLIENT', 40)
const burst = rig(BURST_CLIENTS, BURST_PER_CLIENT)
let burstResult: Measured | undefined

const row = (m: Measured | undefined) => ({ txPerSec: m?.txPerSec ?? 0, p50Ms: m?.p50Ms ?? 0, p99Ms: m?.p99Ms ?? 0, batches: m?.batches ?? 0, mainMsPerTx: m?.mainMsPerTx ?? 0, cpuMsPerTx: m?.cpuMsPerTx ?? 0, loadMsPerTx: m?.loadMsPerTx ?? 0 })

export const benchmarks: Benchmark[] = [
  {
    id: 'relay-trusted-throughput',
    name: `relay-trusted-throughput: ${RATE} tx/s offered for ${SECONDS} s by ${PACED_CLIENTS} WebSocket clients, scheduled send → trusted inclusion`,
    iterations: 1,
    warmup: 0,
    setup: paced.setup,
    // Client c sends its j-th transfer at (j·clients + c) / rate: the clients interleave evenly.
    fn: async () => {
      pacedResult = await run(paced, (c, j) => ((j * PACED_CLIENTS + c) / RATE) * 1000)
    },
    teardown: paced.teardown,
    metrics: () => ({ ...row(pacedResult), offeredPerSec: RATE }),
  },
  {
    id: 'relay-trusted-burst',
    name: `relay-trusted-burst: ${BURST_CLIENTS * BURST_PER_CLIENT} signed transfers from ${BURST_CLIENTS} WebSocket clients at once, submission → trusted inclusion`,
    iterations: 1,
    warmup: 0,
    setup: burst.setup,
    fn: async () => {
      burstResult = await run(burst, () => 0)
    },
    teardown: burst.teardown,
    metrics: () => row(burstResult),
  },
]
