// Messages between the relay and its signature-check workers (plain structured-clone data;
// bigints cross as bigints).
import type { L2PublicKey, Signature } from '../../src/protocol/crypto/eddsa'
import type { ChainDomain, L2Tx } from '../../src/protocol/tx/l2Tx'

/** One signature to check: against `domains[0]` first, then the others (to name a wrong chain). */
export type SigCheckItem = { tx: L2Tx; signature: Signature; key: L2PublicKey; domains: readonly ChainDomain[] }

export type SigCheckRequest = { id: number; items: SigCheckItem[] }

/**
 * A check's answer: `domain`, the index in `item.domains` of the first domain the signature
 * verifies for, or -1; `txHash`, the transaction's hash over `domains[0]`, which the check
 * computes anyway and the pool keys on (so the relay's own thread need not hash it again).
 */
export type SigCheckVerdict = { domain: number; txHash: bigint }

export type SigCheckResponse = { id: number; verdicts: SigCheckVerdict[] } | { id: number; error: string }
