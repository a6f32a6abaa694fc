// Everything an L2 transfer or withdrawal needs before it is signed: the sender's account index,
// nonce and spendable balance, the fee, and the recipient's account index (by L1 address).
// Online the relay's trusted state (lantern_getAccount) and fee quote (lantern_estimateFee) are
// used; offline this browser's light node (virtual state) and the last fee quote seen here. What
// this browser already signed and has not seen included is subtracted and skipped over by nonce.
import { GWEI } from '../../protocol/constants'
import type { NodeClient } from '../node/NodeClient'
import { RecipientNotFoundError, RelayUnreachableError, SigningInputUnavailableError } from './errors'
import { l2TxState, listL2Txs } from './l2TxStore'
import type { LanternRelay } from './relay'

export type L2SendContext = {
  fromIndex: number
  nonce: number
  /** Balance less this browser's pending transactions, gwei. */
  spendableGwei: bigint
  feeGwei: bigint
  /** Where the balance and nonce came from. */
  source: 'trusted' | 'virtual'
  feeSource: 'relay' | 'last quote'
  toIndex: number
}

const FEE_KEY = 'lantern.feeQuote'

function cachedFee(relayUrl: string | null): bigint | undefined {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(FEE_KEY) ?? 'null') as { url: string | null; feeGwei: string } | null
    return raw && raw.url === relayUrl ? BigInt(raw.feeGwei) : undefined
  } catch {
    return undefined
  }
}

async function orUnreachable<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise
  } catch (error) {
    if (error instanceof RelayUnreachableError) return undefined
    throw error
  }
}

/** Gathers the signing inputs (see the module comment); `to` null for a withdrawal. */
export async function prepareL2Send(parameters: {
  relay: LanternRelay
  node: Pick<NodeClient, 'account'> | null
  scope: { chainId: number; rollup: string }
  from: `0x${string}`
  to: `0x${string}` | null
}): Promise<L2SendContext> {
  const { relay, node, scope, from, to } = parameters
  const [trusted, local] = await Promise.all([orUnreachable(relay.call('lantern_getAccount', [from])), node?.account(from).catch(() => null) ?? null])
  let fromIndex: number
  let balance: bigint
  let baseNonce: number
  let source: L2SendContext['source']
  if (trusted) {
    fromIndex = trusted.index
    balance = BigInt(trusted.balanceGwei)
    baseNonce = Number(BigInt(trusted.nonce))
    source = 'trusted'
  } else if (local && local.balance.virtual !== null && local.nonce.virtual !== null) {
    fromIndex = local.accountIndex
    balance = local.balance.virtual / GWEI
    baseNonce = local.nonce.virtual
    source = 'virtual'
  } else {
    throw new SigningInputUnavailableError({
      what: 'L2 account',
      reason: trusted === null ? 'This address has no L2 account yet: make a deposit first.' : 'Neither the relay nor this browser’s light node knows this address’s L2 account yet.',
    })
  }

  const pending = listL2Txs().filter(
    (r) => r.chainId === scope.chainId && r.rollup === scope.rollup.toLowerCase() && r.fromIndex === fromIndex && (r.state === 'queued-offline' || (r.state === 'sent' && l2TxState(r) !== 'dropped')) && r.nonce >= baseNonce,
  )
  const pendingGwei = pending.reduce((sum, r) => sum + BigInt(r.amountGwei) + BigInt(r.feeGwei), 0n)
  const nonce = pending.reduce((n, r) => Math.max(n, r.nonce + 1), baseNonce)

  const quote = await orUnreachable(relay.call('lantern_estimateFee'))
  let feeGwei: bigint
  let feeSource: L2SendContext['feeSource']
  if (quote) {
    feeGwei = BigInt(quote.feeGwei)
    feeSource = 'relay'
    try {
      globalThis.localStorage?.setItem(FEE_KEY, JSON.stringify({ url: relay.url, feeGwei: feeGwei.toString() }))
    } catch {
      // No storage: an offline send will say the fee is unknown.
    }
  } else {
    const last = cachedFee(relay.url)
    if (last === undefined) throw new SigningInputUnavailableError({ what: 'L2 fee', reason: 'The relay cannot be reached and this browser has no earlier fee quote from it.' })
    feeGwei = last
    feeSource = 'last quote'
  }

  let toIndex = 0
  if (to !== null) {
    const known = await node?.account(to).catch(() => null)
    if (known) toIndex = known.accountIndex
    else {
      const remote = await orUnreachable(relay.call('lantern_getAccount', [to]))
      if (remote === undefined) throw new SigningInputUnavailableError({ what: 'recipient’s L2 account', reason: 'This browser’s light node has not seen it and the relay cannot be reached.' })
      if (remote === null) throw new RecipientNotFoundError({ address: to })
      toIndex = remote.index
    }
  }
  return { fromIndex, nonce, spendableGwei: balance - pendingGwei, feeGwei, source, feeSource, toIndex }
}
