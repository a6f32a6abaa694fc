// Bench row `journey-deposit-to-verified`: seconds from the deposit click in the app to its
// tracker's "Verified by this browser" on a real devnet (anvil, the relay sequencing, posting and
// proving the batch in-process, the light node in Chromium re-executing it and verifying its
// proof). One deposit per iteration. Needs the built app (`npm run build`) and /usr/bin/chromium.
// Goal ≤ 60 s.
import { chromium, type Browser, type Page } from '@playwright/test'
import { createPublicClient, http } from 'viem'
import { rollupAbi } from '../contracts/generated/abis'
import { chromiumArgs, chromiumPath } from '../playwright.config'
import type { Benchmark } from '../scripts/bench/types'
import { DevnetError } from '../scripts/devnet/errors'
import { startDevnet, type Devnet } from '../scripts/devnet/startDevnet'
import { connectAndDerive, depositUntilVerified, lastDepositTimeline } from './journey'

const PORTS = { l1: 28745, relay: 28746, app: 24273 }

let devnet: Devnet | undefined
let browser: Browser | undefined
let page: Page | undefined
const seconds: number[] = []
/** Per iteration: seconds from the send to the deposit on L1 (virtual) and proven on L1. */
const stages: { virtual: number | null; proven: number | null }[] = []

export const benchmarks: Benchmark[] = [
  {
    id: 'journey-deposit-to-verified',
    name: 'journey: app deposit click → "verified by this browser" on the devnet (relay proves, the page verifies)',
    iterations: 2,
    warmup: 0,
    setup: async () => {
      devnet = await startDevnet({ ports: PORTS, blockTime: 0, app: 'dist', devWallet: true, stateDir: '.devnet/bench-journey' })
      // The relay proves its own first batch (its fee account's registration) as it starts; the
      // first deposit would wait behind that proof and time the start-up, not the deposit.
      await untilRelayIdle(devnet)
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true })
      page = await (await browser.newContext({ baseURL: devnet.urls.app })).newPage()
      await connectAndDerive(page)
    },
    fn: async () => {
      seconds.push((await depositUntilVerified(page!, '1', 600_000)) / 1000)
      stages.push(await lastDepositTimeline(page!))
    },
    teardown: async () => {
      await browser?.close()
      await devnet?.stop()
    },
    metrics: () => ({
      seconds: Number((seconds.reduce((a, b) => a + b, 0) / seconds.length).toFixed(1)),
      'max seconds': Number(Math.max(...seconds).toFixed(1)),
      'virtual on L1 at (s, mean)': mean(stages.map((s) => s.virtual)),
      'proven on L1 at (s, mean)': mean(stages.map((s) => s.proven)),
      goal: '≤ 60 s',
    }),
  },
]

function mean(values: (number | null)[]): number | string {
  const known = values.filter((v): v is number => v !== null)
  return known.length === 0 ? 'not seen' : Number((known.reduce((a, b) => a + b, 0) / known.length).toFixed(1))
}

/** Resolves once every batch sequenced on L1 is verified there (within 10 min). */
async function untilRelayIdle(net: Devnet): Promise<void> {
  const client = createPublicClient({ transport: http(net.urls.l1) })
  const read = (functionName: 'lastSequencedBatch' | 'lastVerifiedBatch') => client.readContract({ address: net.deployment.contracts.rollup!, abi: rollupAbi, functionName })
  const end = Date.now() + 600_000
  for (;;) {
    const [sequenced, verified] = await Promise.all([read('lastSequencedBatch'), read('lastVerifiedBatch')])
    if (sequenced > 0n && verified >= sequenced) return
    if (Date.now() > end) throw new DevnetError(`the devnet's relay did not verify its start-up batches within 10 min (sequenced ${sequenced}, verified ${verified})`)
    await new Promise((r) => setTimeout(r, 500))
  }
}
