// The devnet fixture: one real devnet per Playwright worker — anvil, contracts deployed, relay
// process, and the *built* app served by Vite's preview server — on ports away from
// `npm start`'s defaults so both can run at once. Torn down after the worker's last test.
import { test as base } from '@playwright/test'
import { createPublicClient, createWalletClient, defineChain, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { devnetRoles } from '../scripts/devnet/accounts'
import { startDevnet, type Devnet } from '../scripts/devnet/startDevnet'

/** Base ports for e2e; worker n uses base + 10·n (+ LANTERN_E2E_PORT_OFFSET, so two checkouts can run e2e at once). */
const portOffset = Number(process.env.LANTERN_E2E_PORT_OFFSET ?? 0)
const E2E_PORTS = { l1: 18545 + portOffset, relay: 18546 + portOffset, app: 14173 + portOffset }

export const test = base.extend<{ devnet: Devnet }, { workerDevnet: Devnet }>({
  workerDevnet: [
    // Playwright requires the first fixture argument to be an object pattern.
    async ({}, use, workerInfo) => {
      const offset = workerInfo.workerIndex * 10
      const devnet = await startDevnet({
        ports: { l1: E2E_PORTS.l1 + offset, relay: E2E_PORTS.relay + offset, app: E2E_PORTS.app + offset },
        blockTime: 0,
        app: 'dist',
        devWallet: true,
        stateDir: `.devnet/e2e-${workerInfo.workerIndex}`,
      })
      try {
        await use(devnet)
      } finally {
        await devnet.stop()
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  devnet: async ({ workerDevnet }, use) => use(workerDevnet),
  baseURL: async ({ workerDevnet }, use) => use(workerDevnet.urls.app),
})

export { expect } from '@playwright/test'
export { devnetRoles }

/** viem clients on the devnet's L1, sending from the account reserved for tests. */
export function l1Clients(devnet: Devnet) {
  const chain = defineChain({
    id: devnet.chainId,
    name: 'Lantern devnet L1',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [devnet.urls.l1] } },
  })
  const transport = http(devnet.urls.l1)
  return {
    publicClient: createPublicClient({ chain, transport }),
    walletClient: createWalletClient({ chain, transport, account: privateKeyToAccount(devnetRoles.test.privateKey) }),
  }
}
