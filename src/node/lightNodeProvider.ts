/**
 * An EIP-1193 provider for L2 reads answered by this browser's light node (wrap it with viem's
 * `custom()`): nothing is asked of the relay. Block numbers are batch numbers. Tags: `latest` and
 * `pending` are the virtual state (every batch L1 sequenced, re-executed here); `safe` and
 * `finalized` are the consolidated state (verified on L1 and here); a number must be one of those
 * two batches (no other history is kept). Balances are in wei (gwei × 10⁹), as the relay's.
 */
import { z } from 'zod'
import type { Account } from '../protocol/account.js'
import { InvalidParamsError, MethodNotFoundError, StateUnavailableError } from '../rpc/errors.js'
import { address, blockTag } from '../rpc/schema.js'
import type { NodeStatus } from '../../workers/node/lightNode.js'
import type { LightNodeClient } from './connectLightNode.js'

/** The reads the provider needs (a LightNodeClient has them, and so does a LightNode). */
export type LightNodeReads = Pick<LightNodeClient, 'accountIndexOf' | 'accountAt'> & {
  status(): Promise<Pick<NodeStatus, 'lastExecutedBatch' | 'lastConsolidatedBatch'>>
}

/** An EIP-1193 `request` function. */
export type Eip1193Provider = { request(args: { method: string; params?: unknown }): Promise<unknown> }

const GWEI = 10n ** 9n
const hex = (value: bigint | number) => `0x${value.toString(16)}`
const accountParams = z.tuple([address, blockTag.optional()])

/** The provider over `node` for chain `chainId` (the L1's: L2 signatures bind it). */
export function lightNodeProvider(node: LightNodeReads, { chainId }: { chainId: number | bigint }): Eip1193Provider {
  const stateOf = async (tag: string | undefined): Promise<{ at: 'virtual' | 'consolidated' }> => {
    if (tag === undefined || tag === 'latest' || tag === 'pending') return { at: 'virtual' }
    if (tag === 'safe' || tag === 'finalized') return { at: 'consolidated' }
    if (tag === 'earliest') throw new StateUnavailableError({ tag, reason: 'the light node keeps only the virtual and consolidated states' })
    const status = await node.status()
    const batch = BigInt(tag)
    if (batch === status.lastExecutedBatch) return { at: 'virtual' }
    if (batch === status.lastConsolidatedBatch) return { at: 'consolidated' }
    throw new StateUnavailableError({ tag, reason: `the light node keeps batch ${status.lastExecutedBatch} (virtual) and ${status.lastConsolidatedBatch} (consolidated)` })
  }
  const accountOf = async (method: string, params: unknown): Promise<Account | undefined> => {
    const parsed = accountParams.safeParse(params ?? [])
    if (!parsed.success) throw new InvalidParamsError(method, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`))
    const [owner, tag] = parsed.data
    const { at } = await stateOf(tag)
    const index = await node.accountIndexOf(BigInt(owner))
    if (index === undefined) return undefined
    const { account } = await node.accountAt(index, at)
    // An index created after the consolidated state reads as empty there.
    return account.address === BigInt(owner) ? account : undefined
  }
  return {
    async request({ method, params }) {
      switch (method) {
        case 'eth_chainId':
          return hex(BigInt(chainId))
        case 'eth_blockNumber':
          return hex((await node.status()).lastExecutedBatch)
        case 'eth_getBalance':
          return hex(((await accountOf(method, params))?.balance ?? 0n) * GWEI)
        case 'eth_getTransactionCount':
          return hex((await accountOf(method, params))?.nonce ?? 0n)
        default:
          throw new MethodNotFoundError(method, 'the light node provider answers eth_chainId, eth_blockNumber, eth_getBalance and eth_getTransactionCount')
      }
    },
  }
}
