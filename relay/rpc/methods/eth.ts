// eth_* reads over trusted state (docs/RPC.md, "Batches as blocks"); the `safe` and `finalized`
// tags name the virtual and consolidated state (the last batch sequenced / verified on L1).
import { GWEI, TxType } from '../../../src/protocol/constants'
import { toQuantity } from '../../../src/rpc/encode'
import { implement } from '../types'
import { blockView, receiptView, transactionView } from '../views'
import { accountOf, batchAt, requireNode } from './node'

/** `eth_chainId`: the chain id this relay serves, which is its L1's (L2 transactions sign over it). */
export const eth_chainId = implement('eth_chainId', (_params, ctx) => toQuantity(ctx.config.deployment.chainId))

export const net_version = implement('net_version', (_params, ctx) => String(ctx.config.deployment.chainId))

export const eth_blockNumber = implement('eth_blockNumber', (_params, ctx) => toQuantity(requireNode(ctx).sequencer.head.number))

export const eth_getBalance = implement('eth_getBalance', async ([address, tag], ctx) => {
  const account = await accountOf(requireNode(ctx), address, tag, ctx)
  return toQuantity((account?.balance ?? 0n) * GWEI)
})

export const eth_getTransactionCount = implement('eth_getTransactionCount', async ([address, tag], ctx) => {
  const account = await accountOf(requireNode(ctx), address, tag, ctx)
  return toQuantity(account?.nonce ?? 0n)
})

export const eth_getBlockByNumber = implement('eth_getBlockByNumber', async ([tag, full], ctx) => {
  const node = requireNode(ctx)
  const batch = await batchAt(node, tag, ctx)
  return batch ? blockView(batch, full ?? false, node.domain) : null
})

export const eth_getBlockByHash = implement('eth_getBlockByHash', async ([hash, full], ctx) => {
  const node = requireNode(ctx)
  const batch = (await node.storage.getBatchByHash(hash)) ?? (hash.toLowerCase() === (await batchAt(node, '0x0'))!.hash ? await batchAt(node, '0x0') : undefined)
  return batch ? blockView(batch, full ?? false, node.domain) : null
})

async function findSlot(ctx: Parameters<typeof requireNode>[0], hash: string) {
  const node = requireNode(ctx)
  const at = await node.storage.findTx(hash as `0x${string}`)
  if (!at) return undefined
  const batch = (await node.storage.getBatch(at.batchNumber))!
  const slot = batch.slots.find((s) => s.slot === at.slot)!
  return { node, batch, slot }
}

export const eth_getTransactionByHash = implement('eth_getTransactionByHash', async ([hash], ctx) => {
  // The pool first: a transaction leaves it only once its batch is committed, so "not pooled, not
  // included" means the relay dropped it (expired, or invalid when a batch came to take it).
  const node = requireNode(ctx)
  const pooled = node.pool.get(hash.toLowerCase() as `0x${string}`)
  if (pooled) {
    const { tx } = pooled
    const from = (await node.tree.getAccount(tx.from)).address
    const to = tx.type === TxType.TRANSFER ? (await node.tree.getAccount(tx.to)).address : from
    const slot = { slot: 0, kind: 'l2', hash: pooled.hash, type: tx.type, fromIndex: tx.from, toIndex: tx.to, amount: tx.amount, fee: tx.fee, nonce: tx.nonce, fromAddress: from, toAddress: to, signature: tx.signature, queueIndex: null } as const
    return transactionView(null, slot, node.domain)
  }
  const found = await findSlot(ctx, hash)
  return found ? transactionView(found.batch, found.slot, found.node.domain) : null
})

export const eth_getTransactionReceipt = implement('eth_getTransactionReceipt', async ([hash], ctx) => {
  const found = await findSlot(ctx, hash)
  return found ? receiptView(found.batch, found.slot) : null
})

export const eth_subscribe = implement(
  'eth_subscribe',
  ([topic], _ctx, conn) => {
    if (conn.transport !== 'ws') throw new Error('unreachable: ws-only method on http')
    return conn.subscribe('eth', topic)
  },
  { transport: 'ws' },
)

export const eth_unsubscribe = implement(
  'eth_unsubscribe',
  ([id], _ctx, conn) => conn.transport === 'ws' && conn.unsubscribe(id),
  { transport: 'ws' },
)
