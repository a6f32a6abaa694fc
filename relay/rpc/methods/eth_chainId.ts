import { z } from 'zod'
import { toHex } from 'viem'
import { defineMethod } from '../types'

/** `eth_chainId`: the chain id this relay serves, which is its L1's (L2 transactions sign over it). */
export const eth_chainId = defineMethod({
  params: z.tuple([]),
  handler: (_params, ctx) => toHex(ctx.config.deployment.chainId),
})
