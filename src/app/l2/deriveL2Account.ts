// Loaded on demand: the public-key derivation pulls in the EdDSA module, too big for the shell.
import { deriveL2PrivateKey } from '../../protocol/crypto/l2Key'
import { l2PublicKey } from '../../protocol/crypto/eddsa'
import type { L2Account } from './l2KeyStore'

/** The L2 account of a wallet signature over l2KeyMessage (PROTOCOL.md §3.1). */
export function deriveL2Account(scope: string, l1Address: `0x${string}`, signature: string): L2Account {
  const privateKey = deriveL2PrivateKey(signature)
  const { pubAx, pubAy } = l2PublicKey(privateKey)
  return { scope, l1Address, privateKey, pubAx, pubAy }
}
