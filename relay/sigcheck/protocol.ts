// Messages between the relay and its signature-check workers (plain structured-clone data;
// bigints cross as bigints).
import type { L2PublicKey, Signature } from '../../src/protocol/crypto/eddsa'
import type { ChainDomain, L2Tx } from '../../src/protocol/tx/l2Tx'

/** One signature to check: against `domains[0]` first, then the others (to name a wrong chain). */
export type SigCheckItem = { tx: L2Tx; signature: Signature; key: L2PublicKey; domains: readonly ChainDomain[] }

export type SigCheckRequest = { id: number; items: SigCheckItem[] }

/** Per item: the index in `domains` of the first domain the signature verifies for, or -1. */
export type SigCheckResponse = { id: number; verdicts: number[] } | { id: number; error: string }
