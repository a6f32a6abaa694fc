import { z } from 'zod'
import { defineMethod } from '../types'
import { L1UnavailableError } from '../errors'

export type LanternStatus = {
  l1: { chainId: number; blockNumber: number; rpcUrl: string }
  deployment: {
    chainId: number
    startBlock: number
    contracts: Record<string, `0x${string}`>
    libraries: Record<string, `0x${string}`>
  }
}

/** `lantern_status`: the L1 the relay follows (asked live) and the deployment it serves. */
export const lantern_status = defineMethod({
  params: z.tuple([]),
  handler: async (_params, ctx): Promise<LanternStatus> => {
    let chainId: number
    let blockNumber: bigint
    try {
      ;[chainId, blockNumber] = await Promise.all([ctx.l1.getChainId(), ctx.l1.getBlockNumber({ cacheTime: 0 })])
    } catch (err) {
      throw new L1UnavailableError({ cause: err })
    }
    const { deployment } = ctx.config
    return {
      l1: { chainId, blockNumber: Number(blockNumber), rpcUrl: ctx.config.l1RpcUrl },
      deployment: {
        chainId: deployment.chainId,
        startBlock: deployment.startBlock,
        contracts: deployment.contracts,
        libraries: deployment.libraries,
      },
    }
  },
})
