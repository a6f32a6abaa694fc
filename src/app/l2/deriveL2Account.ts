// The L2 account of a wallet signature (PROTOCOL.md §3.1). The public key is the protocol's own
// l2PublicKey (pure BabyJub arithmetic and BLAKE-512: no Poseidon, no loadCrypto needed).
import { l2PublicKey } from '../../protocol/crypto/eddsa'
import { deriveL2PrivateKey } from '../../protocol/crypto/l2Key'
import type { L2Account } from './l2KeyStore'

/** The L2 account of a wallet signature over l2KeyMessage. */
export function deriveL2Account(scope: string, l1Address: `0x${string}`, signature: string): L2Account {
  const privateKey = deriveL2PrivateKey(signature)
  return { scope, l1Address, privateKey, ...l2PublicKey(privateKey) }
}
