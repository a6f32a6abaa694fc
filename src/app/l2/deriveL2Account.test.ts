import { describe, expect, it } from 'vitest'
import { privateKeyToAccount } from 'viem/accounts'
import { l2PublicKey } from '../../protocol/crypto/eddsa'
import { deriveL2PrivateKey, l2KeyMessage } from '../../protocol/crypto/l2Key'
import { deriveL2Account } from './deriveL2Account'

describe('deriveL2Account', () => {
  it('derives the key of a real wallet signature over the §3.1 message', async () => {
    const wallet = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a')
    const message = l2KeyMessage({ chainId: 31337, rollupAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3' })
    const signature = await wallet.signMessage({ message })
    const account = deriveL2Account('scope', wallet.address, signature)
    expect(account.privateKey).toEqual(deriveL2PrivateKey(signature))
    expect({ pubAx: account.pubAx, pubAy: account.pubAy }).toEqual(l2PublicKey(deriveL2PrivateKey(signature)))
    expect(account.l1Address).toBe(wallet.address)
  })
})
