// Shared by the method handlers: the node, block-tag resolution and account lookup.
import { InternalRpcError, StateUnavailableError } from '../errors'
import type { RelayNode } from '../../node'
import type { BatchRecord } from '../../store/records'
import { genesisRecord } from '../../sequencer/sequencer'
import type { RelayContext } from '../types'
import { addressToBigint } from '../../../src/protocol/field'
import type { Account } from '../../../src/protocol/account'

export function requireNode(ctx: RelayContext): RelayNode {
  if (!ctx.node) throw new InternalRpcError({ details: 'the relay node is not running' })
  return ctx.node
}

/** The batch a block tag names, or undefined for a number past the head. */
export async function batchAt(node: RelayNode, tag: string): Promise<BatchRecord | undefined> {
  if (tag === 'latest' || tag === 'pending') return node.sequencer.head
  if (tag === 'safe' || tag === 'finalized') throw new StateUnavailableError({ tag, reason: 'virtual and consolidated state need the L1 follower, which this relay does not run yet' })
  const number = tag === 'earliest' ? 0n : BigInt(tag)
  if (number === 0n) return (await node.storage.getBatch(0)) ?? genesisRecord(node.domain)
  if (number > BigInt(node.sequencer.head.number)) return undefined
  return node.storage.getBatch(Number(number))
}

/** The account owned by an L1 address in trusted state (latest only: the relay keeps no history). */
export async function accountOf(node: RelayNode, address: string, tag = 'latest'): Promise<Account | undefined> {
  if (tag !== 'latest' && tag !== 'pending') {
    const isHead = /^0x/.test(tag) && BigInt(tag) === BigInt(node.sequencer.head.number)
    if (!isHead) {
      if (tag === 'safe' || tag === 'finalized') await batchAt(node, tag)
      throw new StateUnavailableError({ tag, reason: 'the relay serves the trusted head state only (no historical state)' })
    }
  }
  const index = await node.storage.accountIndexOf(addressToBigint(address))
  return index === undefined ? undefined : node.tree.getAccount(index)
}
