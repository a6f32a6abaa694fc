import { verifyPoseidon } from '../../src/protocol/crypto/eddsa'
import { txHash, verifyTxSignature } from '../../src/protocol/tx/l2Tx'
import type { SigCheckItem, SigCheckVerdict } from './protocol'

/** Checks one signature, this network's domain first. Needs `loadCrypto()`. */
export function checkSignature({ tx, signature, key, domains }: SigCheckItem): SigCheckVerdict {
  const hash = txHash(tx, domains[0]!)
  if (verifyPoseidon(hash, signature, key)) return { domain: 0, txHash: hash }
  for (let i = 1; i < domains.length; i++) if (verifyTxSignature(tx, signature, key, domains[i]!)) return { domain: i, txHash: hash }
  return { domain: -1, txHash: hash }
}
