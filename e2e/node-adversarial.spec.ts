// The light node in real Chromium against liars: an L1 endpoint that alters one batch's record or
// proof in calldata (a JSON-RPC proxy in front of anvil), a corrupted proof, a relay whose trusted
// batch is not the one L1 sequenced, and an L1 reorg. The recorded real chain is replayed on a
// private anvil with the real BatchVerifier; the last verifyBatches call is made by the reorg test.
import { type Page, expect, test } from '@playwright/test'
import { snapshot, mineBlocks } from '../contracts/test/helpers/lantern'
import { verifyRecorded } from '../contracts/test/helpers/replayChain'
import { type FakeRelay, startFakeRelay } from './pages/fakeRelay'
import { type L1Proxy, startL1Proxy } from './pages/l1Proxy'
import { type LightNodePage, serveLightNodePage } from './pages/lightNodePage'
import { connectNode, nodeAlarms, nodeBatch, nodeStatus } from './pages/nodePageClient'
import { CHAIN_FIXTURES, type RecordedDevnet, readFixture, startRecordedDevnet } from './pages/recordedDevnet'

const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n
const fixture = readFixture(CHAIN_FIXTURES.short)
/** Batches verified before the reorg test adds the last verifyBatches call. */
const lastCall = fixture.calls[fixture.calls.length - 1]!
const VERIFIED = lastCall[0]! - 1

let devnet: RecordedDevnet
let page: LightNodePage
const stops: (() => Promise<void>)[] = []

test.describe.configure({ mode: 'serial', timeout: 180_000 })

test.beforeAll(async () => {
  test.setTimeout(600_000)
  ;[devnet, page] = await Promise.all([startRecordedDevnet(fixture, { verifyUpTo: VERIFIED }), serveLightNodePage()])
})

test.afterAll(async () => {
  for (const stop of stops) await stop()
  await page?.close()
  await devnet?.stop()
})

const word = (decimal: string | bigint) => BigInt(decimal).toString(16).padStart(64, '0')
const recordHex = (n: number) => fixture.batches[n - 1]!.record.slice(2).toLowerCase()

async function proxied(rewrite: (input: string) => string): Promise<L1Proxy> {
  const proxy = await startL1Proxy(devnet.L.anvil.rpcUrl, rewrite)
  stops.push(proxy.stop)
  return proxy
}

/** Connects a fresh node and waits until it processed L1's head. */
async function syncedNode(tab: Page, databaseName: string, overrides: Record<string, unknown> = {}) {
  await connectNode(tab, page.url, devnet.nodeParameters({ databaseName, ...overrides }))
  const head = String(await devnet.L.publicClient.getBlockNumber())
  await expect.poll(async () => (await nodeStatus(tab)).syncedBlock, { timeout: 120_000 }).toBe(head)
}

test('an L1 endpoint that alters one record in calldata is caught: the node halts there, nothing from it on is consolidated', async ({ page: tab }) => {
  const target = recordHex(3)
  // Flip the record's last byte wherever it appears (its sequenceBatches and verifyBatches calls alike).
  const flipped = target.slice(0, -2) + (Number.parseInt(target.slice(-2), 16) ^ 0x01).toString(16).padStart(2, '0')
  const proxy = await proxied((input) => input.split(target).join(flipped))
  await syncedNode(tab, 'e2e-adv-record', { rpcUrl: proxy.url })
  expect(proxy.rewrites()).toBeGreaterThan(0)
  const alarms = await nodeAlarms(tab)
  expect(alarms[0]).toEqual({ kind: 'l1-data-inconsistent', batch: '3' })
  expect(alarms.every((a) => a.kind === 'l1-data-inconsistent')).toBe(true)
  // The verifyBatches call covering batches 1–8 is entangled with the altered data: halted, nothing consolidated past 2.
  const status = await nodeStatus(tab)
  expect(Number(status.lastConsolidatedBatch)).toBeLessThanOrEqual(2)
  expect(status).toMatchObject({ halted: true })
  for (const n of [3, 4, 8]) expect((await nodeBatch(tab, n))?.status ?? 'absent').not.toBe('consolidated')
})

test('an L1 endpoint that alters one proof in calldata is caught: proof-invalid for that batch only', async ({ page: tab }) => {
  const proof = fixture.batches[4]!.proof
  // Batch 5's proof with A.x and C.x swapped.
  const [ax, cx] = [word(proof[0]!), word(proof[6]!)]
  const altered = [...proof.map(word)]
  altered[0] = cx
  altered[6] = ax
  const honest = proof.map(word).join('')
  const proxy = await proxied((input) => input.split(honest).join(altered.join('')))
  await syncedNode(tab, 'e2e-adv-proof', { rpcUrl: proxy.url })
  expect(proxy.rewrites()).toBeGreaterThan(0)
  expect(await nodeAlarms(tab)).toEqual([{ kind: 'proof-invalid', batch: '5' }])
  expect(await nodeStatus(tab)).toMatchObject({ lastConsolidatedBatch: '4' })
  expect((await nodeBatch(tab, 5))?.status).toBe('virtual')
  expect((await nodeBatch(tab, 6))?.status).toBe('consolidated')
})

test('a corrupted proof (a coordinate + q, which snarkjs itself would accept) is rejected', async ({ page: tab }) => {
  const proof = fixture.batches[5]!.proof
  const honest = proof.map(word).join('')
  const corrupted = [word(BigInt(proof[0]!) + Q), ...proof.slice(1).map(word)].join('')
  const proxy = await proxied((input) => input.split(honest).join(corrupted))
  await syncedNode(tab, 'e2e-adv-corrupt', { rpcUrl: proxy.url })
  expect(proxy.rewrites()).toBeGreaterThan(0)
  expect(await nodeAlarms(tab)).toEqual([{ kind: 'proof-invalid', batch: '6' }])
  expect(await nodeStatus(tab)).toMatchObject({ lastConsolidatedBatch: '5' })
})

test('a relay that lies about a trusted batch raises relay-disagrees; that batch is never consolidated', async ({ page: tab }) => {
  // Batch 3 as the relay tells it: batch 2's record under number 3. Batches 1 and 2 honest.
  const relay: FakeRelay = await startFakeRelay([
    { number: 1, recordHex: fixture.batches[0]!.record },
    { number: 2, recordHex: fixture.batches[1]!.record },
    { number: 3, recordHex: fixture.batches[1]!.record },
  ])
  stops.push(() => relay.stop())
  await syncedNode(tab, 'e2e-adv-relay', { relayUrl: relay.url })
  await expect.poll(async () => (await nodeStatus(tab)).lastTrustedBatch, { timeout: 30_000 }).toBe('3')
  expect(relay.subscribers()).toBe(1)
  await expect.poll(() => nodeAlarms(tab)).toEqual([{ kind: 'relay-disagrees', batch: '3' }])
  expect(await tab.evaluate(async () => (globalThis as unknown as { node: { batchState(n: bigint): Promise<string> } }).node.batchState(3n))).toBe('alarm')
  expect((await nodeBatch(tab, 2))?.status).toBe('consolidated')
})

test('an L1 reorg that drops a verifyBatches call is followed: the node rewinds, then consolidates the new chain', async ({ page: tab }) => {
  const n = fixture.batches.length
  await syncedNode(tab, 'e2e-adv-reorg')
  await expect.poll(async () => (await nodeStatus(tab)).lastConsolidatedBatch, { timeout: 60_000 }).toBe(String(VERIFIED))
  const restore = await snapshot(devnet.L)
  await verifyRecorded(devnet.L, fixture, VERIFIED + 1, n)
  await expect.poll(async () => (await nodeStatus(tab)).lastConsolidatedBatch, { timeout: 60_000 }).toBe(String(n))
  // Drop that block and replace it with a longer chain without the call.
  await restore()
  await mineBlocks(devnet.L, 3n)
  await expect.poll(async () => (await nodeStatus(tab)).reorgs, { timeout: 60_000 }).toBe(1)
  expect(await nodeStatus(tab)).toMatchObject({ lastVerifiedBatch: String(VERIFIED), lastConsolidatedBatch: String(VERIFIED), alarms: 0 })
  expect((await nodeBatch(tab, n))?.status).toBe('virtual')
  // The call lands again on the new chain.
  await verifyRecorded(devnet.L, fixture, VERIFIED + 1, n)
  await expect.poll(async () => (await nodeStatus(tab)).lastConsolidatedBatch, { timeout: 60_000 }).toBe(String(n))
  expect(await nodeStatus(tab)).toMatchObject({ alarms: 0, virtualStateRoot: BigInt(fixture.batches[n - 1]!.newStateRoot).toString() })
})
