// The light node's IndexedDB layer in real Chromium (no devnet: a Vite dev server serves the
// storage modules): atomic batches, data surviving a reload, a second tab upgrading the schema
// without wedging on the first, the storage estimate and the persistence request.
import { type Page, expect, test } from '@playwright/test'
import { type ViteDevServer, createServer } from 'vite'

let server: ViteDevServer
let origin: string

test.beforeAll(async () => {
  server = await createServer({ configFile: false, root: process.cwd(), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } })
  await server.listen()
  const address = server.httpServer!.address()
  if (address === null || typeof address === 'string') throw new Error('the Vite server has no port')
  origin = `http://127.0.0.1:${address.port}`
})

test.afterAll(async () => {
  await server?.close()
})

async function open(page: Page): Promise<void> {
  await page.goto(`${origin}/e2e/pages/node-storage.html`)
  await page.waitForFunction(() => (window as unknown as { nodeStorageReady?: boolean }).nodeStorageReady === true)
}

type StorageModule = {
  openNodeStore: (name: string, options?: unknown) => Promise<{
    get(key: string): Promise<Uint8Array | undefined>
    put(key: string, value: Uint8Array): Promise<void>
    batch(ops: unknown[], options?: { durability?: string }): Promise<void>
    close(): void
  }>
  storageStatus: () => Promise<{ usage: number | null; quota: number | null; persisted: boolean }>
  requestPersistentStorage: () => Promise<boolean>
  MIGRATIONS: ((db: { createObjectStore(name: string): unknown }, tx: unknown) => void)[]
  StorageClosedError: new (...args: never[]) => Error
}
declare const nodeStorage: StorageModule

test('a strict batch is atomic and survives a reload', async ({ page }) => {
  await open(page)
  const failed = await page.evaluate(async () => {
    const store = await nodeStorage.openNodeStore('e2e-atomic')
    await store.batch([{ type: 'put', key: 'checkpoint', value: new Uint8Array([1]) }], { durability: 'strict' })
    const error = await store
      .batch([{ type: 'put', key: 'x', value: new Uint8Array([2]) }, { type: 'put', key: {}, value: new Uint8Array([3]) }], { durability: 'strict' })
      .catch((e: Error) => e.name)
    store.close()
    return error
  })
  expect(failed).toBe('StorageFailedError')
  await page.reload()
  await open(page)
  const after = await page.evaluate(async () => {
    const store = await nodeStorage.openNodeStore('e2e-atomic')
    const result = { checkpoint: [...((await store.get('checkpoint')) ?? [])], x: (await store.get('x')) === undefined }
    store.close()
    return result
  })
  expect(after).toEqual({ checkpoint: [1], x: true })
})

test('a second tab opening a newer schema is not blocked by the first, which then refuses to write', async ({ context }) => {
  const first = await context.newPage()
  const second = await context.newPage()
  await open(first)
  await open(second)
  await first.evaluate(async () => {
    const store = await nodeStorage.openNodeStore('e2e-upgrade')
    await store.put('a', new Uint8Array([7]))
    ;(window as unknown as { held: unknown }).held = store
  })
  const upgraded = await second.evaluate(async () => {
    const future = [...nodeStorage.MIGRATIONS, (db: { createObjectStore(name: string): unknown }) => void db.createObjectStore('future')]
    const store = await nodeStorage.openNodeStore('e2e-upgrade', { migrations: future })
    const value = [...((await store.get('a')) ?? [])]
    store.close()
    return value
  })
  expect(upgraded).toEqual([7])
  const firstAfter = await first.evaluate(async () => {
    const store = (window as unknown as { held: { put(k: string, v: Uint8Array): Promise<void> } }).held
    return store.put('b', new Uint8Array([1])).then(
      () => 'wrote',
      (e: Error) => e instanceof nodeStorage.StorageClosedError,
    )
  })
  expect(firstAfter).toBe(true)
})

test('reports the storage estimate and asks for persistent storage', async ({ page }) => {
  await open(page)
  const result = await page.evaluate(async () => ({ status: await nodeStorage.storageStatus(), persisted: await nodeStorage.requestPersistentStorage() }))
  expect(typeof result.status.usage).toBe('number')
  expect(result.status.quota).toBeGreaterThan(0)
  expect(typeof result.persisted).toBe('boolean')
})
