import { formatEther } from 'viem'
import { useBalance, useConnect, useConnection, useConnectors, useDisconnect, useSwitchChain } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { l1Chain } from '../wagmi'

/** Connect a wallet (MetaMask or any injected / EIP-6963 wallet, or the devnet's dev wallet). */
export function WalletPanel({ config }: { config: RuntimeConfig }) {
  const connection = useConnection()
  const connectors = useConnectors()
  const connect = useConnect()
  const disconnect = useDisconnect()
  const switchChain = useSwitchChain()
  const balance = useBalance({
    address: connection.address,
    chainId: config.l1.chainId,
    query: { enabled: Boolean(connection.address), refetchInterval: 2_000 },
  })

  // The generic "Injected" connector duplicates a wallet that also announced itself via EIP-6963.
  const discovered = connectors.filter((c) => c.id !== 'injected')
  const shown = discovered.length > 0 ? discovered : connectors

  if (connection.status === 'connected' && connection.address) {
    const wrongChain = connection.chainId !== config.l1.chainId
    return (
      <section className="card wallet" data-testid="wallet-panel" aria-labelledby="wallet-title">
        <h2 id="wallet-title">Wallet</h2>
        <dl className="facts">
          <dt>Connected with</dt>
          <dd data-testid="wallet-connector">{connection.connector?.name}</dd>
          <dt>Address</dt>
          <dd className="mono small" data-testid="wallet-address">
            {connection.address}
          </dd>
          <dt>L1 balance</dt>
          <dd data-testid="wallet-balance" className="big">
            {balance.data ? `${trimEth(formatEther(balance.data.value))} ETH` : '…'}
          </dd>
        </dl>
        {wrongChain && (
          <div className="notice" role="alert" data-testid="wrong-network">
            <p>
              Your wallet is on chain {connection.chainId}; Lantern uses chain {config.l1.chainId}. Switch to it (your wallet
              offers to add it if it does not know it).
            </p>
            <button
              type="button"
              data-testid="switch-network"
              disabled={switchChain.isPending}
              onClick={() =>
                switchChain.mutate({
                  chainId: config.l1.chainId,
                  addEthereumChainParameter: { chainName: l1Chain(config).name, rpcUrls: [config.l1.rpcUrl], nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } },
                })
              }
            >
              Switch to chain {config.l1.chainId}
            </button>
            {switchChain.error && (
              <p className="error-text" data-testid="switch-network-error">
                Your wallet did not switch. Add the network by hand: RPC {config.l1.rpcUrl}, chain id {config.l1.chainId}.
              </p>
            )}
          </div>
        )}
        <button type="button" className="secondary" data-testid="wallet-disconnect" onClick={() => disconnect.mutate({})}>
          Disconnect
        </button>
      </section>
    )
  }

  return (
    <section className="card wallet" data-testid="wallet-panel" aria-labelledby="wallet-title">
      <h2 id="wallet-title">Wallet</h2>
      {shown.length === 0 ? (
        <p className="muted">No browser wallet found. Install MetaMask, or start the devnet with its dev wallet (npm start).</p>
      ) : (
        <div className="buttons">
          {shown.map((connector) => (
            <button
              type="button"
              key={connector.uid}
              data-testid={`connect-${connector.id}`}
              disabled={connect.isPending}
              onClick={() => connect.mutate({ connector, chainId: config.l1.chainId })}
            >
              {connector.icon && <img src={connector.icon} alt="" width={18} height={18} />}
              Connect {connector.name}
            </button>
          ))}
        </div>
      )}
      {connect.error && (
        <p className="warn" data-testid="wallet-error">
          {'shortMessage' in connect.error ? String(connect.error.shortMessage) : connect.error.message}
        </p>
      )}
    </section>
  )
}

function trimEth(value: string): string {
  const [whole, fraction = ''] = value.split('.')
  const short = fraction.slice(0, 4).replace(/0+$/, '')
  return short ? `${whole}.${short}` : (whole ?? value)
}
