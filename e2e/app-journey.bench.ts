// Bench row `journey-deposit-to-verified`: seconds from the deposit click in the app to its
// tracker's "Verified by this browser" on a real devnet (anvil, the relay sequencing, posting and
// proving the batch in-process, the light node in Chromium re-executing it and verifying its
// proof). One deposit per iteration. Needs the built app (`npm run build`) and /usr/bin/chromium.
// Goal ≤ 60 s.
import { chromium, type Browser, type Page } from '@playwright/test'
import { chromiumArgs, chromiumPath } from '../playwright.config'
import type { Benchmark } from '../scripts/bench/types'
import { startDevnet, type Devnet } from '../scripts/devnet/startDevnet'
import { connectAndDerive, depositUntilVerified } from './journey'

const PORTS = { l1: 28745, relay: 28746, app: 24273 }

let devnet: Devnet | undefined
let browser: Browser | undefined
let page: Page | undefined
const seconds: number[] = []

export const benchmarks: Benchmark[] = [
  {
    id: 'journey-deposit-to-verified',
    name: 'journey: app deposit click → "verified by this browser" on the devnet (relay proves, the page verifies)',
    iterations: 2,
    warmup: 0,
    setup: async () => {
      devnet = await startDevnet({ ports: PORTS, blockTime: 0, app: 'dist', devWallet: true, stateDir: '.devnet/bench-journey' })
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true })
      page = await (await browser.newContext({ baseURL: devnet.urls.app })).newPage()
      await connectAndDerive(page)
    },
    fn: async () => {
      seconds.push((await depositUntilVerified(page!, '1', 600_000)) / 1000)
    },
    teardown: async () => {
      await browser?.close()
      await devnet?.stop()
    },
    metrics: () => ({
      seconds: Number((seconds.reduce((a, b) => a + b, 0) / seconds.length).toFixed(1)),
      'max seconds': Number(Math.max(...seconds).toFixed(1)),
      goal: '≤ 60 s',
    }),
  },
]
