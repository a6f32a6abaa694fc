// zkevm_* rollup reads with Polygon zkEVM's names and shapes, from the relay's own batches.
// Virtual and verified batch numbers are read live from the Rollup (lastSequencedBatch,
// lastVerifiedBatch): L1 is their only source of truth.
import { toQuantity } from '../../../src/rpc/encode'
import { implement } from '../types'
import { zkevmBatchView } from '../views'
import { batchAt, readRollup, requireNode } from './node'

export const zkevm_batchNumber = implement('zkevm_batchNumber', (_params, ctx) => toQuantity(requireNode(ctx).sequencer.head.number))

export const zkevm_getBatchByNumber = implement('zkevm_getBatchByNumber', async ([tag, full], ctx) => {
  const node = requireNode(ctx)
  const batch = await batchAt(node, tag)
  if (!batch) return null
  const feeAccount = await node.tree.getAccount(batch.feeAccountIndex)
  return zkevmBatchView(batch, full ?? false, node.domain, feeAccount.address)
})

/** Batches sequenced on L1 (Rollup.lastSequencedBatch). */
export const zkevm_virtualBatchNumber = implement('zkevm_virtualBatchNumber', async (_params, ctx) => toQuantity(await readRollup(ctx, 'lastSequencedBatch')))

/** Batches verified on L1 (Rollup.lastVerifiedBatch). */
export const zkevm_verifiedBatchNumber = implement('zkevm_verifiedBatchNumber', async (_params, ctx) => toQuantity(await readRollup(ctx, 'lastVerifiedBatch')))

/** Whether L2 block (= batch) `n` is consolidated: verified on L1 (n ≤ lastVerifiedBatch). */
export const zkevm_isBlockConsolidated = implement('zkevm_isBlockConsolidated', async ([n], ctx) => BigInt(n) <= (await readRollup(ctx, 'lastVerifiedBatch')))

/** Whether L2 block (= batch) `n` is virtualized: its data sequenced on L1 (n ≤ lastSequencedBatch). */
export const zkevm_isBlockVirtualized = implement('zkevm_isBlockVirtualized', async ([n], ctx) => BigInt(n) <= (await readRollup(ctx, 'lastSequencedBatch')))
