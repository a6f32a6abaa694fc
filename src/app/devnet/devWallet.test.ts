import { describe, expect, it, vi } from 'vitest'
import { createDevWalletProvider, injectDevWallet, ProviderRpcError } from './devWallet'

const account = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const

function setup() {
  const sent: { method: string; params: unknown }[] = []
  const fetch = vi.fn(async (_url: unknown, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { method: string; params: unknown }
    sent.push(body)
    return new Response(JSON.stringify({ jsonrpc: '2.0', id: 1, result: body.method === 'eth_sendTransaction' ? '0xabc' : '0x10' }))
  }) as unknown as typeof globalThis.fetch
  const store = new Map<string, string>()
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  }
  const provider = createDevWalletProvider({ rpcUrl: 'http://l1', chainId: 31337, accounts: [account], fetch, storage })
  return { provider, sent, storage }
}

describe('dev wallet provider', () => {
  it('exposes accounts only after eth_requestAccounts, and emits accountsChanged', async () => {
    const { provider } = setup()
    const changed = vi.fn()
    provider.on('accountsChanged', changed)
    expect(await provider.request({ method: 'eth_accounts' })).toEqual([])
    expect(await provider.request({ method: 'eth_requestAccounts' })).toEqual([account.toLowerCase()])
    expect(await provider.request({ method: 'eth_accounts' })).toEqual([account.toLowerCase()])
    expect(changed).toHaveBeenCalledWith([account.toLowerCase()])
    await provider.request({ method: 'wallet_revokePermissions', params: [{ eth_accounts: {} }] })
    expect(await provider.request({ method: 'eth_accounts' })).toEqual([])
  })

  it('answers chain identity locally and refuses other chains with 4902', async () => {
    const { provider, sent } = setup()
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x7a69')
    await expect(provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1' }] })).rejects.toMatchObject({ code: 4902 })
    expect(sent).toHaveLength(0)
  })

  it('refuses to send before connecting (4100) and forwards to L1 after', async () => {
    const { provider, sent } = setup()
    const tx = { from: account, to: account, value: '0x1' }
    await expect(provider.request({ method: 'eth_sendTransaction', params: [tx] })).rejects.toBeInstanceOf(ProviderRpcError)
    await provider.request({ method: 'eth_requestAccounts' })
    expect(await provider.request({ method: 'eth_sendTransaction', params: [tx] })).toBe('0xabc')
    expect(sent).toEqual([{ jsonrpc: '2.0', id: 1, method: 'eth_sendTransaction', params: [tx] }])
  })

  it('testing.rejectNext rejects exactly the next request of that method as a user rejection (4001)', async () => {
    const { provider, sent } = setup()
    await provider.request({ method: 'eth_requestAccounts' })
    provider.testing.rejectNext('personal_sign')
    await expect(provider.request({ method: 'personal_sign', params: ['0x00', account] })).rejects.toMatchObject({ code: 4001 })
    expect(sent).toHaveLength(0)
    await provider.request({ method: 'personal_sign', params: ['0x00', account] })
    expect(sent).toHaveLength(1)
  })

  it('testing.useChain reports another chain until the app switches back to the devnet', async () => {
    const { provider } = setup()
    const changed = vi.fn()
    provider.on('chainChanged', changed)
    provider.testing.useChain(1)
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x1')
    await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x7a69' }] })
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x7a69')
    expect(changed).toHaveBeenCalledWith('0x1')
    expect(changed).toHaveBeenLastCalledWith('0x7a69')
  })

  it('refuses to sign for an address it does not hold', async () => {
    const { provider } = setup()
    await provider.request({ method: 'eth_requestAccounts' })
    await expect(
      provider.request({ method: 'personal_sign', params: ['0x00', '0x0000000000000000000000000000000000000001'] }),
    ).rejects.toMatchObject({ code: 4100 })
  })

  it('announces itself per EIP-6963 and fills window.ethereum only when it is empty', () => {
    const { provider } = setup()
    const target = new EventTarget() as EventTarget & { ethereum?: unknown }
    const announced: unknown[] = []
    target.addEventListener('eip6963:announceProvider', (e) => announced.push((e as CustomEvent).detail))
    const withdraw = injectDevWallet(provider, target as unknown as Window)
    expect(target.ethereum).toBe(provider)
    target.dispatchEvent(new Event('eip6963:requestProvider'))
    expect(announced).toHaveLength(2)
    expect(announced[0]).toMatchObject({ info: { rdns: 'dev.lantern.devwallet' }, provider })
    withdraw()

    const other = { isMetaMask: true }
    const taken = Object.assign(new EventTarget(), { ethereum: other as unknown })
    injectDevWallet(provider, taken as unknown as Window)
    expect(taken.ethereum).toBe(other)
  })
})
