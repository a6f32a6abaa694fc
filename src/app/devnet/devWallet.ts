// The dev wallet: a real EIP-1193 provider whose accounts are anvil's unlocked dev accounts, so
// a newcomer without MetaMask can connect and send transactions on the devnet. anvil signs for
// these accounts itself; the provider only handles permissions and chain identity locally and
// forwards everything else to the L1 node. It is injected the way MetaMask is: announced via
// EIP-6963 and set as window.ethereum when no other wallet has claimed it. Only the devnet
// turns it on (devWallet in /devnet.json).

export type Eip1193Request = { method: string; params?: unknown[] | Record<string, unknown> }
type Listener = (...args: unknown[]) => void

export type DevWalletProvider = {
  request: (args: Eip1193Request) => Promise<unknown>
  on: (event: string, listener: Listener) => void
  removeListener: (event: string, listener: Listener) => void
  readonly isLanternDevWallet: true
  /**
   * Test-only controls (the devnet exposes them as `window.__lanternDevWallet`): a real wallet
   * lets its user reject a request or sit on another network; these let a browser test do the same.
   */
  readonly testing: {
    /** The next request with this method fails as a user rejection (EIP-1193 code 4001). */
    rejectNext: (method: string) => void
    /** Pretend the wallet is on another chain (emits chainChanged); switching back to the devnet works. */
    useChain: (chainId: number) => void
  }
}

/** EIP-1193 error (code 4001 rejected, 4100 unauthorized, 4200 unsupported, 4902 unknown chain, or a JSON-RPC code). */
export class ProviderRpcError extends Error {
  override name = 'ProviderRpcError'
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
  }
}

export const DEV_WALLET_INFO = {
  uuid: '5f1f3c1e-8a47-4c1e-9b31-6c1a7e0d1a11',
  name: 'Lantern Dev Wallet',
  rdns: 'dev.lantern.devwallet',
  icon:
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%230f1115'/%3E%3Cpath d='M16 7c4 5 6 8 6 11a6 6 0 0 1-12 0c0-3 2-6 6-11z' fill='%23f5b942'/%3E%3C/svg%3E",
} as const

type Options = {
  rpcUrl: string
  chainId: number
  accounts: readonly `0x${string}`[]
  /** Where the "connected" flag survives reloads; defaults to localStorage when present. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined
  fetch?: typeof fetch
}

const AUTH_KEY = 'lantern.devWallet.authorized'

export function createDevWalletProvider(opts: Options): DevWalletProvider {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
  const storage = opts.storage ?? (typeof localStorage === 'undefined' ? undefined : localStorage)
  const listeners = new Map<string, Set<Listener>>()
  const devnetChainHex = `0x${opts.chainId.toString(16)}`
  let chainIdHex = devnetChainHex
  const rejections = new Set<string>()
  const accounts = opts.accounts.map((a) => a.toLowerCase() as `0x${string}`)
  let authorized = storage?.getItem(AUTH_KEY) === '1'
  let nextId = 1

  const emit = (event: string, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) listener(...args)
  }
  const setAuthorized = (value: boolean) => {
    if (authorized === value) return
    authorized = value
    if (value) storage?.setItem(AUTH_KEY, '1')
    else storage?.removeItem(AUTH_KEY)
    emit('accountsChanged', value ? [...accounts] : [])
  }

  async function forward(method: string, params: unknown): Promise<unknown> {
    let res: Response
    try {
      res = await doFetch(opts.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params: params ?? [] }),
      })
    } catch (err) {
      emit('disconnect', new ProviderRpcError(4900, 'The devnet L1 node is unreachable.'))
      throw new ProviderRpcError(4900, `The devnet L1 node at ${opts.rpcUrl} is unreachable.`, String(err))
    }
    const json = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } }
    if (json.error) throw new ProviderRpcError(json.error.code, json.error.message, json.error.data)
    return json.result
  }

  const requireAccount = (address: unknown) => {
    if (!authorized) throw new ProviderRpcError(4100, 'Connect the dev wallet first (eth_requestAccounts).')
    if (typeof address !== 'string' || !accounts.includes(address.toLowerCase() as `0x${string}`)) {
      throw new ProviderRpcError(4100, `The dev wallet does not hold ${String(address)}.`)
    }
  }

  async function request({ method, params }: Eip1193Request): Promise<unknown> {
    const list = Array.isArray(params) ? params : []
    if (rejections.delete(method)) throw new ProviderRpcError(4001, 'User rejected the request.')
    switch (method) {
      case 'eth_requestAccounts':
        setAuthorized(true)
        return [...accounts]
      case 'eth_accounts':
        return authorized ? [...accounts] : []
      case 'eth_chainId':
        return chainIdHex
      case 'net_version':
        return String(Number(chainIdHex))
      case 'wallet_requestPermissions':
        setAuthorized(true)
        return [{ parentCapability: 'eth_accounts' }]
      case 'wallet_getPermissions':
        return authorized ? [{ parentCapability: 'eth_accounts' }] : []
      case 'wallet_revokePermissions':
        setAuthorized(false)
        return null
      case 'wallet_switchEthereumChain': {
        const wanted = (list[0] as { chainId?: string } | undefined)?.chainId
        if (wanted?.toLowerCase() === devnetChainHex) {
          if (chainIdHex !== devnetChainHex) {
            chainIdHex = devnetChainHex
            emit('chainChanged', chainIdHex)
          }
          return null
        }
        throw new ProviderRpcError(4902, `The dev wallet only knows the devnet (chain ${opts.chainId}).`)
      }
      case 'wallet_addEthereumChain':
      case 'wallet_watchAsset':
        throw new ProviderRpcError(4200, `${method} is not supported by the dev wallet.`)
      case 'eth_sendTransaction': {
        const tx = { ...(list[0] as Record<string, unknown>) }
        tx.from ??= accounts[0]
        requireAccount(tx.from)
        return forward(method, [tx])
      }
      case 'personal_sign':
        requireAccount(list[1])
        return forward(method, list)
      case 'eth_sign':
      case 'eth_signTypedData_v4':
        requireAccount(list[0])
        return forward(method, list)
      default:
        return forward(method, params)
    }
  }

  return {
    request,
    on: (event, listener) => {
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event)?.add(listener)
    },
    removeListener: (event, listener) => void listeners.get(event)?.delete(listener),
    isLanternDevWallet: true,
    testing: {
      rejectNext: (method) => void rejections.add(method),
      useChain: (chainId) => {
        chainIdHex = `0x${chainId.toString(16)}`
        emit('chainChanged', chainIdHex)
      },
    },
  }
}

/**
 * Announces the provider per EIP-6963 (now and whenever a dapp asks) and sets window.ethereum
 * if no wallet did. Returns a function that withdraws the re-announcement listener.
 */
export function injectDevWallet(provider: DevWalletProvider, win: Window = window): () => void {
  const announce = () =>
    win.dispatchEvent(
      new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info: DEV_WALLET_INFO, provider }) }),
    )
  win.addEventListener('eip6963:requestProvider', announce)
  announce()
  const slot = win as unknown as { ethereum?: unknown }
  if (slot.ethereum === undefined) slot.ethereum = provider
  return () => win.removeEventListener('eip6963:requestProvider', announce)
}
