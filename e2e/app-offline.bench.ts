// Bench row `app-offline-first-render`: time from navigation start to the first meaningful render
// (the shell showing an L1 block: live or, here, the last one seen) of the installed app reloaded
// with the network off, read from the app's own `lantern:first-meaningful-render` performance
// mark. Needs the built app (`npm run build`) and /usr/bin/chromium. Goal ≤ 1,000 ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import type { Benchmark } from '../scripts/bench/types'
import { startAnvil, type Anvil } from '../scripts/devnet/anvil'
import { rootDir } from '../scripts/devnet/startDevnet'
import type { RuntimeConfig } from '../src/app/config/runtimeConfig'
import { startStaticApp, type StaticApp } from './staticApp'

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
const L1_PORT = 28645

let anvil: Anvil | undefined
let app: StaticApp | undefined
let browser: Browser | undefined
let context: BrowserContext | undefined
let page: Page | undefined
let configDir: string | undefined
const marks: number[] = []

async function reloadOffline(): Promise<number> {
  await page!.reload()
  await page!.getByTestId('l1-block-number').filter({ hasText: /^\d+$/ }).waitFor()
  const mark = await page!.evaluate(() => performance.getEntriesByName('lantern:first-meaningful-render')[0]?.startTime ?? -1)
  if (mark < 0) throw new Error('the app rendered without its first-meaningful-render mark')
  return mark
}

export const benchmarks: Benchmark[] = [
  {
    id: 'app-offline-first-render',
    name: 'app: first meaningful render of the installed app, offline, from the service-worker cache',
    iterations: 10,
    warmup: 2,
    setup: async () => {
      anvil = await startAnvil({ host: '127.0.0.1', port: L1_PORT, chainId: 31337, blockTime: 0, cwd: rootDir, logFile: join(tmpdir(), 'lantern-bench-anvil.log') })
      configDir = mkdtempSync(join(tmpdir(), 'lantern-bench-'))
      const config: RuntimeConfig = { network: 'devnet', l1: { chainId: 31337, rpcUrl: anvil.rpcUrl }, relayUrl: null, deployment: null, devWallet: null }
      writeFileSync(join(configDir, 'devnet.json'), JSON.stringify(config))
      app = await startStaticApp(join(configDir, 'devnet.json'))
      browser = await chromium.launch({ executablePath: process.env.LANTERN_CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true })
      context = await browser.newContext()
      page = await context.newPage()
      // One online visit installs the service worker and records the L1 block; a reload puts the page under the worker.
      await page.goto(app.url)
      await page.getByTestId('l1-block-number').filter({ hasText: /^\d+$/ }).waitFor()
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
      await page.reload()
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      await context.setOffline(true)
    },
    fn: async () => {
      marks.push(await reloadOffline())
    },
    teardown: async () => {
      await browser?.close()
      await app?.stop()
      await anvil?.stop()
      if (configDir) rmSync(configDir, { recursive: true, force: true })
    },
    metrics: () => {
      // Warm-up reloads are in `marks` too; report the timed ones only.
      const timed = marks.slice(-10)
      const mean = timed.reduce((a, b) => a + b, 0) / timed.length
      return { ms: Math.round(mean), 'max ms': Math.round(Math.max(...timed)), goal: '≤ 1000 ms' }
    },
  },
]
