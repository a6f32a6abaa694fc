// Shared by the method handlers: the node, block-tag resolution and account lookup.
import { rollupAbi } from '../../../contracts/generated/abis'
import { InternalRpcError, L1UnavailableError, StateUnavailableError } from '../errors'
import type { RelayNode } from '../../node'
import type { BatchRecord } from '../../store/records'
import { HistoryPrunedError, kvStoreAfter } from '../../store/relayStorage'
import { genesisRecord } from '../../sequencer/sequencer'
import type { RelayContext } from '../types'
import { addressToBigint } from '../../../src/protocol/field'
import type { Account } from '../../../src/protocol/account'
import { AccountTree } from '../../../src/protocol/tree/accountTree'

export function requireNode(ctx: RelayContext): RelayNode {
  if (!ctx.node) throw new InternalRpcError({ details: 'the relay node is not running' })
  return ctx.node
}

/** Rollup.lastSequencedBatch / lastVerifiedBatch, read live: L1 is their only source of truth. */
export async function readRollup(ctx: RelayContext, functionName: 'lastSequencedBatch' | 'lastVerifiedBatch'): Promise<bigint> {
  const address = ctx.config.deployment.contracts.rollup!
  try {
    return await ctx.l1.readContract({ address, abi: rollupAbi, functionName })
  } catch (err) {
    throw new L1UnavailableError({ cause: err })
  }
}

/**
 * The batch number a tag names: `safe` is the virtual state (the last batch sequenced on L1),
 * `finalized` the consolidated state (the last batch verified on L1), neither past the trusted
 * head. Undefined for a number past the head.
 */
export async function batchNumberAt(node: RelayNode, tag: string, ctx?: RelayContext): Promise<number | undefined> {
  const head = node.sequencer.head.number
  if (tag === 'latest' || tag === 'pending') return head
  if (tag === 'safe' || tag === 'finalized') {
    if (!ctx) throw new StateUnavailableError({ tag, reason: 'no L1 to read the sequenced and verified batches from' })
    const onL1 = Number(await readRollup(ctx, tag === 'safe' ? 'lastSequencedBatch' : 'lastVerifiedBatch'))
    return Math.min(onL1, head)
  }
  const number = tag === 'earliest' ? 0n : BigInt(tag)
  return number > BigInt(head) ? undefined : Number(number)
}

/** The batch a block tag names, or undefined for a number past the head. */
export async function batchAt(node: RelayNode, tag: string, ctx?: RelayContext): Promise<BatchRecord | undefined> {
  const number = await batchNumberAt(node, tag, ctx)
  if (number === undefined) return undefined
  if (number === node.sequencer.head.number) return node.sequencer.head
  if (number === 0) return (await node.storage.getBatch(0)) ?? genesisRecord(node.domain)
  return node.storage.getBatch(number)
}

/** The account tree as it was right after batch `number`, read through the storage's undo log. */
function treeAt(node: RelayNode, number: number): AccountTree {
  return new AccountTree(kvStoreAfter(node.storage, number))
}

/**
 * The account owned by an L1 address after the batch a tag names (trusted head for
 * latest/pending, virtual for safe, consolidated for finalized, or a batch number). Undefined
 * when the address owned no account then.
 */
export async function accountOf(node: RelayNode, address: string, tag = 'latest', ctx?: RelayContext): Promise<Account | undefined> {
  const owner = addressToBigint(address)
  const index = await node.storage.accountIndexOf(owner)
  if (index === undefined) return undefined
  const number = await batchNumberAt(node, tag, ctx)
  if (number === undefined) throw new StateUnavailableError({ tag, reason: `batch ${BigInt(tag)} is past the trusted head ${node.sequencer.head.number}` })
  if (number === node.sequencer.head.number) return node.tree.getAccount(index)
  let account: Account
  try {
    account = await treeAt(node, number).getAccount(index)
  } catch (err) {
    // The storage refuses a read before the state history it keeps (LANTERN_STATE_HISTORY_BATCHES).
    if (err instanceof HistoryPrunedError) throw new StateUnavailableError({ tag, reason: err.message })
    throw err
  }
  // The index was assigned later than that batch: the address owned nothing then.
  return account.address === owner ? account : undefined
}
