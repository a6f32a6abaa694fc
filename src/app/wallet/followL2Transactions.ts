// Advances each sent L2 transaction: the relay's receipt names its trusted batch and slot; then
// this browser's light node must hold the same transaction at that slot of the batch L1
// sequenced (virtual), and consolidate the batch once it verified its proof (consolidated). A
// node batch that holds something else at that slot is recorded as a mismatch, never papered over.
// A transaction the relay holds neither in its pool nor in a batch was dropped (it expired, or
// was invalid by the time a batch came to take it): recorded, so its nonce is free again.
import { GWEI } from '../../protocol/constants'
import type { NodeClient } from '../node/NodeClient'
import { RelayUnreachableError } from './errors'
import { listL2Txs, updateL2Tx, type L2TxRecord } from './l2TxStore'
import type { LanternRelay } from './relay'

/** One round over this deployment's sent records; unreachable relay or node rounds are skipped, not failed. */
export async function followL2Transactions(
  relay: LanternRelay,
  node: Pick<NodeClient, 'batches'> | null,
  scope: { chainId: number; rollup: string },
  now: () => number = Date.now,
): Promise<void> {
  const records = listL2Txs().filter((r) => r.state === 'sent' && !r.consolidatedAt && !r.mismatch && r.droppedAt === undefined && r.chainId === scope.chainId && r.rollup === scope.rollup.toLowerCase())
  for (const record of records) {
    let current: L2TxRecord = record
    if (current.batchNumber === undefined) {
      const found = await findInTrustedBatch(relay, current.hash)
      if (found === 'dropped') {
        updateL2Tx(current.hash, { droppedAt: now() })
        continue
      }
      if (found === undefined) continue
      current = { ...current, ...found, trustedAt: now() }
      updateL2Tx(current.hash, { ...found, trustedAt: current.trustedAt })
    }
    if (node === null) continue
    const [view] = await node.batches({ fromBatch: current.batchNumber!, limit: 1 }).catch(() => [])
    if (view === undefined || view.batchNumber !== current.batchNumber) continue
    if (view.state !== 'virtual' && view.state !== 'consolidated') continue
    const tx = view.txs.find((t) => t.slot === current.slot)
    const expected = current.kind === 'transfer' ? 'TRANSFER' : 'WITHDRAW'
    if (
      tx === undefined ||
      tx.type !== expected ||
      tx.fromIndex !== current.fromIndex ||
      tx.toIndex !== current.toIndex ||
      tx.amountWei !== BigInt(current.amountGwei) * GWEI ||
      tx.feeWei !== BigInt(current.feeGwei) * GWEI
    ) {
      updateL2Tx(current.hash, { mismatch: `Batch ${current.batchNumber} as sequenced on L1 does not hold this transaction at slot ${current.slot}, as the relay said.` })
      continue
    }
    const patch: Partial<L2TxRecord> = {}
    if (!current.virtualAt) patch.virtualAt = now()
    if (view.state === 'consolidated') patch.consolidatedAt = now()
    if (Object.keys(patch).length > 0) updateL2Tx(current.hash, patch)
  }
}

/**
 * The trusted batch and slot the relay put the transaction in; undefined while it is pooled (or
 * the relay is away); 'dropped' when the relay holds it nowhere (asked again after the pool, so a
 * batch committed in between is not taken for a drop).
 */
async function findInTrustedBatch(relay: LanternRelay, hash: `0x${string}`): Promise<{ batchNumber: number; slot: number } | 'dropped' | undefined> {
  try {
    let receipt = await relay.call('eth_getTransactionReceipt', [hash])
    if (receipt === null) {
      if ((await relay.call('eth_getTransactionByHash', [hash])) !== null) return undefined
      receipt = await relay.call('eth_getTransactionReceipt', [hash])
      if (receipt === null) return 'dropped'
    }
    const batch = await relay.call('zkevm_getBatchByNumber', [receipt.blockNumber])
    const slot = batch?.lantern.slots.find((s) => s.kind === 'l2' && s.hash.toLowerCase() === hash.toLowerCase())
    if (batch === null || slot === undefined) return undefined
    return { batchNumber: Number(BigInt(receipt.blockNumber)), slot: slot.slot }
  } catch (error) {
    if (error instanceof RelayUnreachableError) return undefined
    throw error
  }
}
