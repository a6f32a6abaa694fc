import { useQuery } from '@tanstack/react-query'
import { usePublicClient } from 'wagmi'
import { rollupAbi } from '../../../contracts/generated/abis'
import type { RuntimeConfig } from '../config/runtimeConfig'

/** The Rollup's own counters, read from L1 (no light node needed). */
export function useRollupOnL1(config: RuntimeConfig) {
  const client = usePublicClient({ chainId: config.l1.chainId })
  const rollup = config.deployment?.contracts.rollup as `0x${string}` | undefined
  return useQuery({
    queryKey: ['rollupOnL1', rollup],
    enabled: Boolean(client && rollup),
    refetchInterval: 3_000,
    retry: false,
    queryFn: async () => {
      const read = <F extends 'lastSequencedBatch' | 'lastVerifiedBatch' | 'priorityOpCount' | 'verifiedPriorityOpsEnd' | 'frozen'>(functionName: F) =>
        client!.readContract({ address: rollup!, abi: rollupAbi, functionName })
      const [lastSequencedBatch, lastVerifiedBatch, priorityOpCount, verifiedPriorityOpsEnd, frozen] = await Promise.all([
        read('lastSequencedBatch'),
        read('lastVerifiedBatch'),
        read('priorityOpCount'),
        read('verifiedPriorityOpsEnd'),
        read('frozen'),
      ])
      return { lastSequencedBatch, lastVerifiedBatch, priorityOpCount, verifiedPriorityOpsEnd, frozen }
    },
  })
}
