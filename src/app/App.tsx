// Boot sequence: load the runtime network config, install the dev wallet if the devnet offers
// one (before wagmi starts discovering wallets), then render the app inside wagmi. Screens other
// than the account overview are lazy chunks (the initial-JS budget).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react'
import { WagmiProvider } from 'wagmi'
import { Dashboard } from './components/Dashboard'
import { NavBar, routeFromHash, ROUTES, type Route } from './components/NavBar'
import { OnlineBadge } from './components/OnlineBadge'
import { UpdatePrompt } from './components/UpdatePrompt'
import { loadRuntimeConfig, type RuntimeConfig } from './config/runtimeConfig'
import { createDevWalletProvider, injectDevWallet } from './devnet/devWallet'
import { NodeConnectionContext, NodeContext, type NodeConnection } from './node/NodeContext'
import type { NodeClient } from './node/NodeClient'
import { WalletSync } from './wallet/WalletSync'
import { createWagmiConfig } from './wagmi'

const BridgeScreen = lazy(() => import('./screens/BridgeScreen'))
const PayScreen = lazy(() => import('./screens/PayScreen'))
const WithdrawScreen = lazy(() => import('./screens/WithdrawScreen'))
const BatchesScreen = lazy(() => import('./screens/BatchesScreen'))
const NodeScreen = lazy(() => import('./screens/NodeScreen'))
const HistoryScreen = lazy(() => import('./screens/HistoryScreen'))

type Boot =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; config: RuntimeConfig; wagmi: ReturnType<typeof createWagmiConfig>; queryClient: QueryClient }

let bootPromise: Promise<Boot> | undefined

let nodePromise: Promise<NodeClient> | undefined

/** Starts the light node once per page, after the config is loaded; its code is a lazy chunk (the initial-JS budget). */
function startNode(config: RuntimeConfig): Promise<NodeClient> {
  nodePromise ??= import('./node/startLightNode').then(({ startLightNode }) => startLightNode(config))
  return nodePromise
}

/** Runs once per page (StrictMode renders twice; the wallet must be injected once). */
function boot(): Promise<Boot> {
  bootPromise ??= (async (): Promise<Boot> => {
    try {
      const config = await loadRuntimeConfig()
      // This tab's encrypted copy of a derived L2 key (a reload, even offline, keeps it).
      await import('./l2/l2KeySession').then((m) => m.restoreL2Accounts()).catch(() => 0)
      if (config.devWallet) {
        const provider = createDevWalletProvider({ rpcUrl: config.l1.rpcUrl, chainId: config.l1.chainId, accounts: config.devWallet.accounts as `0x${string}`[] })
        injectDevWallet(provider)
        // Test-only controls of the dev wallet (reject the next request, pretend another chain).
        ;(window as unknown as { __lanternDevWallet?: unknown }).__lanternDevWallet = provider.testing
      }
      return { state: 'ready', config, wagmi: createWagmiConfig(config), queryClient: new QueryClient() }
    } catch (err) {
      return { state: 'error', message: err instanceof Error ? err.message : String(err) }
    }
  })()
  return bootPromise
}

function subscribeHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener)
  return () => window.removeEventListener('hashchange', listener)
}

export function App() {
  const [status, setStatus] = useState<Boot>({ state: 'loading' })
  const route = useSyncExternalStore(subscribeHash, () => routeFromHash(window.location.hash))
  const [node, setNode] = useState<{ client: NodeClient | null; connection: NodeConnection }>({ client: null, connection: { state: 'idle' } })
  useEffect(() => {
    void boot().then(setStatus)
  }, [])
  const config = status.state === 'ready' ? status.config : undefined
  useEffect(() => {
    if (config === undefined) return
    setNode({ client: null, connection: { state: 'connecting' } })
    // The shell renders whatever happens here: a node that cannot start is a message on the Node screen, not a blank app.
    startNode(config).then(
      (client) => setNode({ client, connection: { state: 'running' } }),
      (err: unknown) => setNode({ client: null, connection: { state: 'failed', message: err instanceof Error ? err.message : 'The light node could not start.' } }),
    )
  }, [config])

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
        <NodeConnectionContext.Provider value={node.connection}>
          <NodeContext.Provider value={node.client}>
            <WalletSync config={status.config} />
            <Shell network={status.config.network} route={route}>
              <Suspense fallback={<p className="muted">Loading…</p>}>
                <Screen route={route} config={status.config} />
              </Suspense>
            </Shell>
          </NodeContext.Provider>
        </NodeConnectionContext.Provider>
      </QueryClientProvider>
    </WagmiProvider>
  )
}

function Screen({ route, config }: { route: Route; config: RuntimeConfig }) {
  switch (route) {
    case 'bridge':
      return <BridgeScreen config={config} />
    case 'pay':
      return <PayScreen config={config} />
    case 'withdraw':
      return <WithdrawScreen config={config} />
    case 'batches':
      return <BatchesScreen config={config} />
    case 'node':
      return <NodeScreen config={config} />
    case 'history':
      return <HistoryScreen config={config} />
    default:
      return <Dashboard config={config} />
  }
}

function Shell({ children, network, route }: { children: React.ReactNode; network?: string; route?: Route }) {
  const title = ROUTES.find((r) => r.id === route)?.label ?? 'Account'
  useEffect(() => {
    document.title = `${title} · Lantern`
  }, [title])
  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="header">
        <div className="brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <span>Lantern</span>
          {network && <span className="badge">{network}</span>}
        </div>
        <OnlineBadge />
      </header>
      {route && <NavBar current={route} />}
      <UpdatePrompt />
      <main className="main" id="main" tabIndex={-1}>
        <h1 className="sr-only">{title}</h1>
        {children}
      </main>
    </div>
  )
}
