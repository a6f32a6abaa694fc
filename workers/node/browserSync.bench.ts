// Light-node sync in headless Chromium (`npm run bench browser-sync`): the built light node page
// (e2e/pages/lightNode) connects a fresh node to a private anvil on which the recorded chain is
// replayed (contracts/test/fixtures/chain-long.json when present, else chain.json) with the real
// BatchVerifier, and syncs from genesis: L1 reads over HTTP from the worker, decode, accumulated
// input hash, re-execution, tree update, IndexedDB commit and every proof verified in the
// verifier worker with the pinned key. One iteration = one sync of the whole chain into a new
// database, timed inside the page from connect to the status that reports the last batch
// consolidated (worker start-up, curve set-up and key preparation included). The Node row
// `node-sync-recorded` (same batches, in-memory L1 and store, snarkjs one by one) runs in the
// same process as the baseline.
import { existsSync } from 'node:fs'
import { type Browser, type Page, chromium } from '@playwright/test'
import type { Benchmark } from '../../scripts/bench/types'
import { type LightNodePage, serveLightNodePage } from '../../e2e/pages/lightNodePage'
import { CHAIN_FIXTURES, type RecordedDevnet, readFixture, startRecordedDevnet } from '../../e2e/pages/recordedDevnet'

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

let devnet: RecordedDevnet | undefined
let server: LightNodePage | undefined
let browser: Browser | undefined
let tab: Page | undefined
let run = 0
const samples: { totalMs: number; proofMs: number }[] = []

/** The fixture both sync rows use: the long recorded chain once it is committed. */
export function benchFixturePath(): string {
  return existsSync(CHAIN_FIXTURES.long) ? CHAIN_FIXTURES.long : CHAIN_FIXTURES.short
}

async function setup(): Promise<void> {
  ;[devnet, server] = await Promise.all([startRecordedDevnet(readFixture(benchFixturePath()), { verifyEvery: 32 }), serveLightNodePage()])
  browser = await chromium.launch({ executablePath: process.env.LANTERN_CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
  tab = await browser.newPage()
  tab.on('pageerror', (error) => console.error('browser-sync page error:', error.message))
  await tab.goto(server.url)
  await tab.waitForFunction(() => document.body.dataset.ready === 'true')
}

async function teardown(): Promise<void> {
  await browser?.close()
  await server?.close()
  await devnet?.stop()
}

type SyncGlobal = {
  lightNode: {
    connectLightNode(options: { parameters: unknown }): Promise<{
      subscribe(listener: (status: { lastConsolidatedBatch: bigint; alarms: number }) => void): () => void
      status(): Promise<{ lastConsolidatedBatch: bigint; alarms: number }>
      batch(n: bigint): Promise<{ proofCheckMs?: number | null } | undefined>
      close(): Promise<void>
    }>
  }
}

async function syncOnce(): Promise<void> {
  const batches = devnet!.fixture.batches.length
  const parameters = devnet!.nodeParameters({ databaseName: `bench-browser-sync-${run++}`, pollIntervalMs: 50 })
  const result = await tab!.evaluate(
    async ({ parameters, batches }) => {
      const { connectLightNode } = (globalThis as unknown as SyncGlobal).lightNode
      const started = performance.now()
      const node = await connectLightNode({ parameters })
      // No named local functions in here: tsx would wrap them in a helper the page does not have.
      await new Promise<void>((resolve, reject) => {
        for (const source of [(listen: (s: { lastConsolidatedBatch: bigint; alarms: number }) => void) => node.subscribe(listen), (listen: (s: { lastConsolidatedBatch: bigint; alarms: number }) => void) => void node.status().then(listen, reject)]) {
          source((status) => {
            if (status.alarms > 0) reject(new Error(`${status.alarms} alarms`))
            if (status.lastConsolidatedBatch === BigInt(batches)) resolve()
          })
        }
      })
      const totalMs = performance.now() - started
      let proofMs = 0
      for (let n = 1; n <= batches; n++) proofMs += (await node.batch(BigInt(n)))?.proofCheckMs ?? 0
      await node.close()
      const name = (parameters as { databaseName: string }).databaseName
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(name)
        request.onsuccess = request.onerror = request.onblocked = resolve
      })
      return { totalMs, proofMs }
    },
    { parameters, batches },
  )
  samples.push(result)
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

export const benchmarks: Benchmark[] = [
  {
    id: 'browser-sync',
    name: 'browser-sync: light node syncs the recorded chain from genesis in Chromium (anvil over HTTP, IndexedDB, every proof verified in the verifier worker)',
    baseline: 'node-sync-recorded',
    setup,
    teardown,
    fn: syncOnce,
    iterations: 3,
    warmup: 1,
    metrics: ({ iterations }) => {
      const timed = samples.slice(-iterations)
      const batches = devnet!.fixture.batches.length
      const totalMs = median(timed.map((s) => s.totalMs))
      return {
        batches,
        batchesPerSec: Number(((batches * 1000) / totalMs).toFixed(1)),
        syncMs: Math.round(totalMs),
        proofCheckMsPerBatch: Number((median(timed.map((s) => s.proofMs)) / batches).toFixed(2)),
      }
    },
  },
]
