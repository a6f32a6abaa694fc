/** Playwright helpers that drive the built light node page (e2e/pages/lightNode/main.ts). */
import type { Page } from '@playwright/test'

/** The node status as the specs compare it (bigints as decimal strings). */
export type PageStatus = {
  syncedBlock: string
  lastSequencedBatch: string
  lastExecutedBatch: string
  openedAtBlock: string
  lastTrustedBatch: string | null
  halted: boolean
  lastVerifiedBatch: string
  lastConsolidatedBatch: string
  virtualStateRoot: string
  alarms: number
  reorgs: number
  lastError: unknown
}

type PageGlobal = {
  lightNode: { connectLightNode(options: { parameters: unknown }): Promise<unknown> }
  node: {
    status(): Promise<Record<string, unknown>>
    role(): string
    alarms(): Promise<{ kind: string; batchNumber: bigint | null }[]>
    batch(n: bigint): Promise<Record<string, unknown> | undefined>
    close(): Promise<void>
  }
}

/** Opens the page and connects this tab to the origin's light node. */
export async function connectNode(page: Page, url: string, parameters: Record<string, unknown>): Promise<void> {
  page.on('pageerror', (error) => console.error('page error:', error.message))
  await page.goto(url)
  await page.waitForFunction(() => document.body.dataset.ready === 'true')
  await page.evaluate(async (parameters) => {
    const w = globalThis as unknown as { lightNode: PageGlobal['lightNode']; node: unknown }
    w.node = await w.lightNode.connectLightNode({ parameters })
  }, parameters)
}

/** The node's status. */
export function nodeStatus(page: Page): Promise<PageStatus> {
  return page.evaluate(async () => {
    const s = await (globalThis as unknown as PageGlobal).node.status()
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(s)) out[key] = typeof value === 'bigint' ? value.toString() : value
    return out as PageStatus
  })
}

/** `leader` or `follower`. */
export function nodeRole(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageGlobal).node.role())
}

/** Every alarm as { kind, batch }. */
export function nodeAlarms(page: Page): Promise<{ kind: string; batch: string | null }[]> {
  return page.evaluate(async () =>
    (await (globalThis as unknown as PageGlobal).node.alarms()).map((a) => ({ kind: a.kind, batch: a.batchNumber === null ? null : a.batchNumber.toString() })),
  )
}

/** Batch n's status and how long its proof check took here (null when not checked). */
export function nodeBatch(page: Page, n: number): Promise<{ status: string; proofCheckMs: number | null } | null> {
  return page.evaluate(async (n) => {
    const meta = await (globalThis as unknown as PageGlobal).node.batch(BigInt(n))
    return meta === undefined ? null : { status: String(meta.status), proofCheckMs: (meta.proofCheckMs as number | null | undefined) ?? null }
  }, n)
}
