import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { anvilAccounts, devnetRoles } from './accounts'

describe('anvil accounts', () => {
  it('each private key derives its listed address', () => {
    for (const { address, privateKey } of anvilAccounts) expect(privateKeyToAccount(privateKey).address).toBe(address)
  })

  it('gives every devnet role its own account', () => {
    const addresses = Object.values(devnetRoles).map((a) => a.address)
    expect(new Set(addresses).size).toBe(addresses.length)
  })
})
