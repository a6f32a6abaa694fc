// zkevm_* rollup reads with Polygon zkEVM's names and shapes, from the relay's own batches.
// Virtual/verified numbers need the L1 follower and are not served (docs/RPC.md).
import { toQuantity } from '../../../src/rpc/encode'
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
