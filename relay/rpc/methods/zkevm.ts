// zkevm_* rollup reads with Polygon zkEVM's names and shapes, from the relay's own batches.
// Virtual and verified batch numbers are read live from the Rollup (lastSequencedBatch,
// lastVerifiedBatch): L1 is their only source of truth.
import { rollupAbi } from '../../../contracts/generated/abis'
import { toQuantity } from '../../../src/rpc/encode'
import { L1UnavailableError } from '../errors'
import type { RelayContext } from '../types'
import { implement } from '../types'
import { zkevmBatchView } from '../views'
import { batchAt, requireNode } from './node'

export const zkevm_batchNumber = implement('zkevm_batchNumber', (_params, ctx) => toQuantity(requireNode(ctx).sequencer.head.number))

export const zkevm_getBatchByNumber = implement('zkevm_getBatchByNumber', async ([tag, full], ctx) => {
  const node = requireNode(ctx)
  const batch = await batchAt(node, tag)
  if (!batch) return null
  const feeAccount = await node.tree.getAccount(batch.feeAccountIndex)
  return zkevmBatchView(batch, full ?? false, node.domain, feeAccount.address)
})

async function readRollup(ctx: RelayContext, functionName: 'lastSequencedBatch' | 'lastVerifiedBatch'): Promise<bigint> {
  const address = ctx.config.deployment.contracts.rollup!
  try {
    return await ctx.l1.readContract({ address, abi: rollupAbi, functionName })
  } catch (err) {
    throw new L1UnavailableError({ cause: err })
  }
}

/** Batches sequenced on L1 (Rollup.lastSequencedBatch). */
export const zkevm_virtualBatchNumber = implement('zkevm_virtualBatchNumber', async (_params, ctx) => toQuantity(await readRollup(ctx, 'lastSequencedBatch')))

/** Batches verified on L1 (Rollup.lastVerifiedBatch). */
export const zkevm_verifiedBatchNumber = implement('zkevm_verifiedBatchNumber', async (_params, ctx) => toQuantity(await readRollup(ctx, 'lastVerifiedBatch')))
