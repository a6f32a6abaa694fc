// lantern_* methods: submission, fee estimate, accounts with proofs, pool status, subscriptions,
// and the prover-job protocol (relay/prover/proofCoordinator.ts).
import { parseL2Tx } from '../../../src/protocol/tx/l2TxJson'
import { UnknownProverJobError } from '../../../src/rpc/errors'
import type { SignalJson } from '../../../src/rpc/schema'
import { toHash32, toQuantity } from '../../../src/rpc/encode'
import { bigintToAddress } from '../../../src/protocol/field'
import { addressToBigint } from '../../../src/protocol/field'
import { implement } from '../types'
import { requireNode } from './node'

/** Acknowledged only once the transaction is durable in the pool; refused while proving is too far behind. */
export const lantern_sendTransaction = implement('lantern_sendTransaction', async ([json], ctx) => {
  const node = requireNode(ctx)
  ctx.jobs?.assertBacklog()
  const { hash, status, replaced } = await node.pool.submit(parseL2Tx(json))
  return { hash, status, replaced }
})

export const lantern_estimateFee = implement('lantern_estimateFee', (_params, ctx) => {
  const { minFee } = requireNode(ctx).pool.config
  return { feeGwei: toQuantity(minFee), minFeeGwei: toQuantity(minFee) }
})

export const lantern_getAccount = implement('lantern_getAccount', async ([ref], ctx) => {
  const node = requireNode(ctx)
  const index = typeof ref === 'string' ? await node.storage.accountIndexOf(addressToBigint(ref)) : ref.index
  if (index === undefined) return null
  // Root, head and proof must describe one state: retry if a batch landed in between.
  for (;;) {
    const head = node.sequencer.head
    const root = await node.tree.root()
    const { account, siblings } = await node.tree.getAccountWithProof(index)
    if (node.sequencer.head !== head || (await node.tree.root()) !== root) continue
    if (account.address === 0n) return null
    return {
      state: 'trusted' as const,
      batchNumber: toQuantity(head.number),
      root: toHash32(root),
      index,
      address: bigintToAddress(account.address),
      balanceGwei: toQuantity(account.balance),
      nonce: toQuantity(account.nonce),
      pubAx: toHash32(account.pubAx),
      pubAy: toHash32(account.pubAy),
      siblings: siblings.map(toHash32),
    }
  }
})

export const lantern_poolStatus = implement('lantern_poolStatus', async (_params, ctx) => {
  const { pool } = requireNode(ctx)
  const { pending, queued } = await pool.status()
  const c = pool.config
  return {
    pending,
    queued,
    maxPoolSize: c.maxPoolSize,
    maxPerAccount: c.maxPerAccount,
    maxNonceGap: c.maxNonceGap,
    minFeeGwei: toQuantity(c.minFee),
    txTtlSeconds: Math.floor(c.txTtlMs / 1000),
  }
})

export const lantern_subscribe = implement(
  'lantern_subscribe',
  ([topic], _ctx, conn) => {
    if (conn.transport !== 'ws') throw new Error('unreachable: ws-only method on http')
    return conn.subscribe('lantern', topic)
  },
  { transport: 'ws' },
)

export const lantern_unsubscribe = implement(
  'lantern_unsubscribe',
  ([id], _ctx, conn) => conn.transport === 'ws' && conn.unsubscribe(id),
  { transport: 'ws' },
)

/** The next batch to prove (or the one asked for); null when this relay has nothing to prove. */
export const lantern_getProverJob = implement('lantern_getProverJob', async ([{ proverId, batchNumber }], ctx) => {
  if (!ctx.jobs) return null
  const job = await ctx.jobs.requestJob(proverId, batchNumber === undefined ? undefined : Number(BigInt(batchNumber)))
  if (!job) return null
  return {
    jobId: job.jobId,
    batchNumber: toQuantity(job.batchNumber),
    circuitInput: job.circuitInput as Record<string, SignalJson>,
    publicInputs: job.publicInputs.map(toQuantity),
    expiresAt: toQuantity(Math.floor(job.expiresAt / 1000)),
  }
})

/** Verified against the relay's own public inputs before it is kept; the first valid proof of a batch wins. */
export const lantern_submitProof = implement('lantern_submitProof', async ([{ jobId, proof }], ctx) => {
  if (!ctx.jobs) throw new UnknownProverJobError({ jobId })
  const { batchNumber, status } = await ctx.jobs.submit(jobId, proof)
  return { batchNumber: toQuantity(batchNumber), status }
})
