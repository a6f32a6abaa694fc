// A spec that changes its devnet for good (freezes the rollup) or runs the relay differently (no
// provers of its own) gets a devnet of its own: its own ports, state directory and relay
// settings, started once for the spec's worker. A `test` made here has worker fixtures the shared
// one (fixtures.ts) has not, so Playwright runs its tests in a worker of their own and the shared
// devnet is neither started for them nor touched by them.
import { test as base } from '@playwright/test'
import { startDevnet, type Devnet } from '../scripts/devnet/startDevnet'

/**
 * A `test` whose `devnet` (and `baseURL`) is a devnet started for it alone. `slot` (1–8) keeps its
 * ports apart from the shared devnets' (base + 10·worker + LANTERN_E2E_PORT_OFFSET); it takes
 * base + slot and base + slot + 1, so two own devnets' slots differ by at least 2.
 */
export function testWithOwnDevnet(name: string, slot: number, relayEnv: Record<string, string> = {}) {
  const offset = Number(process.env.LANTERN_E2E_PORT_OFFSET ?? 0) + slot
  const ports = { l1: 18545 + offset, relay: 18546 + offset, app: 14173 + offset }
  return base.extend<{ devnet: Devnet }, { ownDevnet: Devnet }>({
    ownDevnet: [
      // Playwright requires the first fixture argument to be an object pattern.
      async ({}, use) => {
        const devnet = await startDevnet({ ports, blockTime: 0, app: 'dist', devWallet: true, stateDir: `.devnet/e2e-${name}`, relayEnv })
        try {
          await use(devnet)
        } finally {
          await devnet.stop()
        }
      },
      { scope: 'worker', timeout: 180_000 },
    ],
    devnet: async ({ ownDevnet }, use) => use(ownDevnet),
    baseURL: async ({ ownDevnet }, use) => use(ownDevnet.urls.app),
  })
}
