// The whole light node in real Chromium: the facade in a built page (e2e/pages/lightNode), the
// node worker (synchronizer, executor, IndexedDB) and the verifier worker, syncing a recorded
// real chain replayed on a private anvil with the real BatchVerifier. Every batch is re-executed
// and every proof verified in the browser.
import { expect, test } from '@playwright/test'
import { type LightNodePage, serveLightNodePage } from './pages/lightNodePage'
import { connectNode, nodeBatch, nodeRole, nodeStatus } from './pages/nodePageClient'
import { CHAIN_FIXTURES, type RecordedDevnet, readFixture, startRecordedDevnet } from './pages/recordedDevnet'

let devnet: RecordedDevnet
let page: LightNodePage

test.describe.configure({ timeout: 180_000 })

test.beforeAll(async () => {
  test.setTimeout(600_000)
  ;[devnet, page] = await Promise.all([startRecordedDevnet(readFixture(CHAIN_FIXTURES.short)), serveLightNodePage()])
})

test.afterAll(async () => {
  await page?.close()
  await devnet?.stop()
})

const finalRoot = () => BigInt(devnet.fixture.batches[devnet.fixture.batches.length - 1]!.newStateRoot).toString()

test('syncs the recorded chain from genesis, verifying every proof here; a second tab attaches and takes over', async ({ context }) => {
  const n = String(devnet.fixture.batches.length)
  const first = await context.newPage()
  await connectNode(first, page.url, devnet.nodeParameters({ databaseName: 'e2e-node-sync' }))
  expect(await nodeRole(first)).toBe('leader')
  await expect.poll(async () => (await nodeStatus(first)).lastConsolidatedBatch, { timeout: 120_000 }).toBe(n)
  expect(await nodeStatus(first)).toMatchObject({ lastSequencedBatch: n, alarms: 0, lastError: null, virtualStateRoot: finalRoot() })
  // Every batch was consolidated here, and the node kept how long its proof check took.
  for (let b = 1; b <= devnet.fixture.batches.length; b++) {
    const batch = await nodeBatch(first, b)
    expect(batch?.status).toBe('consolidated')
    expect(batch?.proofCheckMs).toBeGreaterThan(0)
  }

  const second = await context.newPage()
  await connectNode(second, page.url, devnet.nodeParameters({ databaseName: 'e2e-node-sync' }))
  expect(await nodeRole(second)).toBe('follower')
  expect(await nodeStatus(second)).toMatchObject({ lastConsolidatedBatch: n, virtualStateRoot: finalRoot() })

  await first.close()
  await expect.poll(() => nodeRole(second), { timeout: 30_000 }).toBe('leader')
  // The new leader's worker reopened the same database at its checkpoint.
  expect(await nodeStatus(second)).toMatchObject({ lastConsolidatedBatch: n, alarms: 0, virtualStateRoot: finalRoot() })
})

test('a page closed mid-sync resumes from its checkpoint when reopened', async ({ context }) => {
  const n = devnet.fixture.batches.length
  // Two L1 blocks per step: many small commits, so the page closes between two of them.
  const parameters = devnet.nodeParameters({ databaseName: 'e2e-node-resume', maxBlocksPerStep: 2 })
  const first = await context.newPage()
  await connectNode(first, page.url, parameters)
  await expect.poll(async () => Number((await nodeStatus(first)).lastExecutedBatch), { timeout: 120_000 }).toBeGreaterThan(4)
  const beforeClose = await nodeStatus(first)
  expect(Number(beforeClose.lastConsolidatedBatch)).toBeLessThan(n)
  await first.close()

  const reopened = await context.newPage()
  await connectNode(reopened, page.url, parameters)
  // The new worker opened the database where the closed page's last committed step left it, not at genesis.
  expect(BigInt((await nodeStatus(reopened)).openedAtBlock)).toBeGreaterThanOrEqual(BigInt(beforeClose.syncedBlock))
  await expect.poll(async () => (await nodeStatus(reopened)).lastConsolidatedBatch, { timeout: 120_000 }).toBe(String(n))
  expect(await nodeStatus(reopened)).toMatchObject({ alarms: 0, lastError: null, virtualStateRoot: finalRoot() })
})
