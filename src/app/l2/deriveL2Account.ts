// The L2 account of a wallet signature (PROTOCOL.md §3.1), loaded on demand.
//
// The public key is computed here from the protocol's pure BabyJub arithmetic rather than with
// `l2PublicKey` from src/protocol/crypto/eddsa.ts: that module imports the Poseidon backend
// (circomlibjs), whose dependencies need Node's Buffer at load time and fail in the browser. The
// few lines below are eddsa.ts's key expansion; deriveL2Account.test.ts pins them to
// `l2PublicKey` on random keys, so the two cannot drift apart.
import { blake512 } from '@noble/hashes/blake1.js'
import { BASE8, mulPoint } from '../../protocol/crypto/babyJub'
import { deriveL2PrivateKey } from '../../protocol/crypto/l2Key'
import type { L2Account } from './l2KeyStore'

/** A = Base8 · (s >> 3), s the pruned low half of BLAKE-512(key), read little-endian (circomlibjs prv2pub). */
export function publicKeyOf(privateKey: Uint8Array): { pubAx: bigint; pubAy: bigint } {
  const h = blake512(privateKey)
  h[0] = h[0]! & 0xf8
  h[31] = (h[31]! & 0x7f) | 0x40
  let s = 0n
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(h[i]!)
  const [pubAx, pubAy] = mulPoint(BASE8, s >> 3n)
  return { pubAx, pubAy }
}

/** The L2 account of a wallet signature over l2KeyMessage. */
export function deriveL2Account(scope: string, l1Address: `0x${string}`, signature: string): L2Account {
  const privateKey = deriveL2PrivateKey(signature)
  return { scope, l1Address, privateKey, ...publicKeyOf(privateKey) }
}
