/**
 * `Bridge.escapeWithdraw`'s arguments for one account, from this node's own account tree: the
 * leaf and its 16 siblings against the last state root verified here. Frozen mode pays against
 * `Rollup.lastVerifiedStateRoot()`, so the proof is only built while the node's tree *is* that
 * state (every executed batch consolidated); otherwise it says why instead of proving a root L1
 * will refuse.
 */
import type { KVStore } from '../../src/protocol/store/kvStore.js'
import { BaseError } from '../../src/protocol/errors.js'
import { bigintToAddress } from '../../src/protocol/field.js'
import { AccountTree } from '../../src/protocol/tree/accountTree.js'
import { TREE_PREFIX } from './nodeRecords.js'

/** The escape withdrawal cannot be built from this node's state (yet). */
export class EscapeProofUnavailableError extends BaseError {
  override name = 'EscapeProofUnavailableError'
  static override readonly code: string = 'ESCAPE_PROOF_UNAVAILABLE'
  constructor({ accountIndex, reason }: { accountIndex: number; reason: string }) {
    super(`No escape proof for account ${accountIndex}: ${reason}.`, { data: { accountIndex, reason } })
  }
}

/** The arguments of `Bridge.escapeWithdraw`, plus the root they prove against. */
export type EscapeProof = {
  accountIndex: number
  owner: `0x${string}`
  balance: bigint
  nonce: bigint
  pubAx: bigint
  pubAy: bigint
  siblings: bigint[]
  stateRoot: bigint
}

/** Builds the escape proof of `accountIndex` (see the module comment). */
export async function escapeProof(
  store: KVStore,
  status: { lastExecutedBatch: bigint; lastConsolidatedBatch: bigint; virtualStateRoot: bigint; consolidatedStateRoot: bigint },
  accountIndex: number,
): Promise<EscapeProof> {
  if (status.lastExecutedBatch !== status.lastConsolidatedBatch || status.virtualStateRoot !== status.consolidatedStateRoot) {
    throw new EscapeProofUnavailableError({
      accountIndex,
      reason: `this browser has re-executed batches up to ${status.lastExecutedBatch} but verified only up to ${status.lastConsolidatedBatch}; the escape hatch pays against the last verified state`,
    })
  }
  const { account, siblings } = await new AccountTree(store, { prefix: TREE_PREFIX }).getAccountWithProof(accountIndex)
  if (account.address === 0n) throw new EscapeProofUnavailableError({ accountIndex, reason: 'the account is empty in the last verified state' })
  return {
    accountIndex,
    owner: bigintToAddress(account.address) as `0x${string}`,
    balance: account.balance,
    nonce: account.nonce,
    pubAx: account.pubAx,
    pubAy: account.pubAy,
    siblings,
    stateRoot: status.consolidatedStateRoot,
  }
}
