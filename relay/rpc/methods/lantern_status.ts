import { toHash32, toQuantity } from '../../../src/rpc/encode'
import type { LanternStatus } from '../../../src/rpc/schema'
import { L1UnavailableError } from '../errors'
import { implement } from '../types'

export type { LanternStatus }

/** `lantern_status`: the L1 the relay follows (asked live), the deployment it serves, trusted head and pool. */
export const lantern_status = implement('lantern_status', async (_params, ctx) => {
  let chainId: number
  let blockNumber: bigint
  try {
    ;[chainId, blockNumber] = await Promise.all([ctx.l1.getChainId(), ctx.l1.getBlockNumber({ cacheTime: 0 })])
  } catch (err) {
    throw new L1UnavailableError({ cause: err })
  }
  const { deployment } = ctx.config
  const status: LanternStatus = {
    l1: { chainId, blockNumber: Number(blockNumber), rpcUrl: ctx.config.l1RpcUrl },
    deployment: {
      chainId: deployment.chainId,
      startBlock: deployment.startBlock,
      contracts: deployment.contracts,
      libraries: deployment.libraries,
    },
  }
  if (ctx.node) {
    const head = ctx.node.sequencer.head
    const postedThrough = Number((await ctx.node.storage.getMeta('postedThrough')) ?? '0')
    status.trusted = { batchNumber: toQuantity(head.number), stateRoot: toHash32(head.stateRoot), postedThrough: toQuantity(postedThrough) }
    status.pool = await ctx.node.pool.status()
  }
  if (ctx.jobs) {
    const p = ctx.jobs.status()
    status.proving = {
      sequencedThrough: toQuantity(p.sequencedThrough),
      provenThrough: toQuantity(p.provenThrough),
      verifiedThrough: toQuantity(p.verifiedThrough),
      unproven: p.unproven,
      maxUnproven: p.maxUnproven,
      openJobs: p.openJobs,
      localProvers: p.localProvers,
    }
  }
  status.degraded = ctx.health?.degraded ?? false
  if (ctx.health?.degraded) status.l1Errors = ctx.health.reasons
  return status
})
