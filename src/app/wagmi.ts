import { defineChain, type Chain } from 'viem'
import { createConfig, http } from 'wagmi'
import { injected } from 'wagmi/connectors'
import type { RuntimeConfig } from './config/runtimeConfig'

/** The L1 chain the app follows, as a viem chain built from the runtime config. */
export function l1Chain(config: RuntimeConfig): Chain {
  return defineChain({
    id: config.l1.chainId,
    name: config.network === 'devnet' ? 'Lantern devnet L1' : `L1 (chain ${config.l1.chainId})`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.l1.rpcUrl] } },
    testnet: config.network !== 'mainnet',
  })
}

/**
 * wagmi with the injected connector (window.ethereum) plus every EIP-6963 wallet it discovers
 * (MetaMask, the dev wallet, …). Reads go straight to the configured L1 RPC, polled every second.
 */
export function createWagmiConfig(config: RuntimeConfig) {
  const chain = l1Chain(config)
  return createConfig({
    chains: [chain],
    connectors: [injected()],
    transports: { [chain.id]: http(config.l1.rpcUrl) },
    pollingInterval: 1_000,
    multiInjectedProviderDiscovery: true,
  })
}
