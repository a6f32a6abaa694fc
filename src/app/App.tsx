// Boot sequence: load the runtime network config, install the dev wallet if the devnet offers
// one (before wagmi starts discovering wallets), then render the dashboard inside wagmi.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { WagmiProvider } from 'wagmi'
import { Dashboard } from './components/Dashboard'
import { loadRuntimeConfig, type RuntimeConfig } from './config/runtimeConfig'
import { createDevWalletProvider, injectDevWallet } from './devnet/devWallet'
import { createWagmiConfig } from './wagmi'

type Boot =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; config: RuntimeConfig; wagmi: ReturnType<typeof createWagmiConfig>; queryClient: QueryClient }

let bootPromise: Promise<Boot> | undefined

/** Runs once per page (StrictMode renders twice; the wallet must be injected once). */
function boot(): Promise<Boot> {
  bootPromise ??= (async (): Promise<Boot> => {
    try {
      const config = await loadRuntimeConfig()
      if (config.devWallet) {
        injectDevWallet(
          createDevWalletProvider({ rpcUrl: config.l1.rpcUrl, chainId: config.l1.chainId, accounts: config.devWallet.accounts as `0x${string}`[] }),
        )
      }
      return { state: 'ready', config, wagmi: createWagmiConfig(config), queryClient: new QueryClient() }
    } catch (err) {
      return { state: 'error', message: err instanceof Error ? err.message : String(err) }
    }
  })()
  return bootPromise
}

export function App() {
  const [status, setStatus] = useState<Boot>({ state: 'loading' })
  useEffect(() => {
    void boot().then(setStatus)
  }, [])

  if (status.state === 'loading') return <Shell><p className="muted">Loading network configuration…</p></Shell>
  if (status.state === 'error') {
    return (
      <Shell>
        <div className="card error" data-testid="app-error">
          <h2>Cannot start</h2>
          <p>{status.message}</p>
        </div>
      </Shell>
    )
  }
  return (
    <WagmiProvider config={status.wagmi}>
      <QueryClientProvider client={status.queryClient}>
        <Shell network={status.config.network}>
          <Dashboard config={status.config} />
        </Shell>
      </QueryClientProvider>
    </WagmiProvider>
  )
}

function Shell({ children, network }: { children: React.ReactNode; network?: string }) {
  return (
    <div className="app">
      <header className="header">
        <div className="brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <span>Lantern</span>
          {network && <span className="badge">{network}</span>}
        </div>
        <span className="muted tagline">browser-first ZK rollup for ETH</span>
      </header>
      <main className="main">{children}</main>
    </div>
  )
}
