// `npm run bench relay-trusted-throughput`: signed transfers from N concurrent WebSocket
// clients, each measured from its send to the trustedBatches notification that includes it
// (signature checked at admission, durable in the pool, executed, batch persisted with
// synchronous=FULL, broadcast). One timed iteration pushes every pre-signed transfer.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import type { Benchmark } from '../scripts/bench/types'
import { percentile } from '../scripts/bench/runBenchmarks'
import { toBytes32Hex } from '../src/protocol/field'
import { DOMAIN, signed, transfer } from '../src/protocol/testing/fixtures'
import { txHash } from '../src/protocol/tx/l2Tx'
import { serializeL2Tx } from '../src/protocol/tx/l2TxJson'
import { createHttpServer } from './rpc/httpServer'
import { methods } from './rpc/methods'
import { testContext } from './testing'
import { openTestNode, type TestNode } from './testNode'

const CLIENTS = Number(process.env.BENCH_RELAY_CLIENTS ?? 8)
const PER_CLIENT = Number(process.env.BENCH_RELAY_PER_CLIENT ?? 40)

let dataDir = ''
let node: TestNode
let server: ReturnType<typeof createHttpServer>
let url = ''
let payloads: { hash: string; body: string }[][] = []
let measured = { txPerSec: 0, p50Ms: 0, p99Ms: 0, batches: 0 }

async function open(): Promise<WebSocket> {
  const ws = new WebSocket(url)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return ws
}

export const benchmarks: Benchmark[] = [
  {
    id: 'relay-trusted-throughput',
    name: `relay-trusted-throughput: ${CLIENTS * PER_CLIENT} signed transfers from ${CLIENTS} WebSocket clients, submission → trusted inclusion`,
    iterations: 1,
    warmup: 0,
    setup: async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'lantern-bench-'))
      node = await openTestNode({ accounts: CLIENTS + 1, dataDir, maxBatchWaitMs: 20, pool: { maxNonceGap: PER_CLIENT } })
      server = createHttpServer({ ctx: testContext(undefined, node), methods, limits: { ratePerSecond: 1e6, rateBurst: 1e6 } })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
      payloads = Array.from({ length: CLIENTS }, (_, c) =>
        Array.from({ length: PER_CLIENT }, (_, n) => {
          const tx = signed(transfer(c + 2, 1, 1n, 1n, BigInt(n)), c + 2)
          return { hash: toBytes32Hex(txHash(tx, DOMAIN)), body: JSON.stringify({ jsonrpc: '2.0', id: n, method: 'lantern_sendTransaction', params: [serializeL2Tx(tx)] }) }
        }),
      )
    },
    fn: async () => {
      const observer = await open()
      const clients = await Promise.all(Array.from({ length: CLIENTS }, open))
      const sentAt = new Map<string, number>()
      const latencies: number[] = []
      let batches = 0
      const total = CLIENTS * PER_CLIENT
      const done = new Promise<void>((resolve) => {
        observer.on('message', (m) => {
          const msg = JSON.parse(m.toString()) as { method?: string; params?: { result: { slots: { hash: string }[] } } }
          if (msg.method !== 'lantern_subscription') return
          batches++
          const t = performance.now()
          for (const slot of msg.params!.result.slots) {
            const t0 = sentAt.get(slot.hash)
            if (t0 !== undefined) latencies.push(t - t0)
          }
          if (latencies.length >= total) resolve()
        })
      })
      observer.send(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'lantern_subscribe', params: ['trustedBatches'] }))
      await new Promise((r) => setTimeout(r, 50))
      const start = performance.now()
      const submitted = Promise.all(
        clients.map(
          (ws, c) =>
            new Promise<void>((resolve, reject) => {
              let acks = 0
              ws.on('message', (m) => {
                const msg = JSON.parse(m.toString()) as { id: number; result?: { hash: string }; error?: unknown }
                if (!msg.result) return reject(new Error(JSON.stringify(msg.error)))
                if (++acks === PER_CLIENT) resolve()
              })
              for (const p of payloads[c]!) {
                sentAt.set(p.hash, performance.now())
                ws.send(p.body)
              }
            }),
        ),
      )
      await submitted // a refused submission ends the run with its error
      await done
      const elapsed = performance.now() - start
      const sorted = latencies.sort((a, b) => a - b)
      measured = { txPerSec: Math.round((total / elapsed) * 1000), p50Ms: Math.round(percentile(sorted, 50)), p99Ms: Math.round(percentile(sorted, 99)), batches }
      for (const ws of [observer, ...clients]) ws.close()
    },
    teardown: async () => {
      await new Promise<void>((resolve) => server?.close(() => resolve()))
      await node?.close()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
    metrics: () => ({ txPerSec: measured.txPerSec, p50Ms: measured.p50Ms, p99Ms: measured.p99Ms, batches: measured.batches }),
  },
]
