import { toHash32, toQuantity } from '../../../src/rpc/encode'
import type { LanternStatus } from '../../../src/rpc/schema'
import { L1UnavailableError } from '../errors'
import { implement } from '../types'

export type { LanternStatus }

/**
 * `lantern_status`: the L1 the relay follows (asked live), the deployment it serves, trusted head
 * and pool. A relay that follows L1 still answers while L1 is down: degraded, with the deployment's
 * chain id and the last L1 block it read; without L1 loops an unreachable L1 is -32001.
 */
export const lantern_status = implement('lantern_status', async (_params, ctx) => {
  let chainId: number
  let blockNumber: bigint
  let statusError: string | undefined
  try {
    ;[chainId, blockNumber] = await Promise.all([ctx.l1.getChainId(), ctx.l1.getBlockNumber({ cacheTime: 0 })])
  } catch (err) {
    if (!ctx.health) throw new L1UnavailableError({ cause: err })
    chainId = ctx.config.deployment.chainId
    blockNumber = BigInt(ctx.health.lastBlock ?? 0)
    statusError = err instanceof Error ? err.message.split('\n')[0]! : String(err)
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
  status.degraded = (ctx.health?.degraded ?? false) || statusError !== undefined
  if (status.degraded) status.l1Errors = { ...ctx.health?.reasons, ...(statusError ? { status: statusError } : {}) }
  return status
})
