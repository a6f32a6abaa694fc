import { useQuery } from '@tanstack/react-query'
import { parseEventLogs } from 'viem'
import { usePublicClient } from 'wagmi'
import { rollupAbi } from '../../../contracts/generated/abis'
import { useNodeClient } from '../node/NodeContext'
import { updateDeposit, type DepositRecord } from './depositStore'

export type L1View = { head: bigint; sequencedEnd: bigint; verifiedEnd: bigint; frozen: boolean }

/**
 * Advances a deposit record from L1 (receipt → PriorityOpQueued → the Rollup's consumed-op
 * counters) and asks the light node, when one is connected, for the L2-only steps.
 */
export function useDepositProgress(record: DepositRecord) {
  const client = usePublicClient({ chainId: record.chainId })
  const node = useNodeClient()

  const l1 = useQuery({
    queryKey: ['depositL1', record.id],
    enabled: Boolean(client) && !record.failed,
    refetchInterval: 2_000,
    queryFn: async (): Promise<L1View> => {
      let r = record
      if (r.opIndex === undefined) {
        const receipt = await client!.getTransactionReceipt({ hash: r.id }).catch(() => null)
        if (receipt) {
          if (receipt.status === 'reverted') {
            updateDeposit(r.id, { failed: 'The transaction reverted on L1: nothing was deposited (only gas was spent).' })
          } else {
            const [queued] = parseEventLogs({ abi: rollupAbi, eventName: 'PriorityOpQueued', logs: receipt.logs }).filter(
              (l) => l.address.toLowerCase() === r.rollup.toLowerCase(),
            )
            const now = Date.now()
            const patch: Partial<DepositRecord> = { minedAt: r.minedAt ?? now, minedBlock: receipt.blockNumber.toString() }
            if (queued) Object.assign(patch, { opIndex: Number(queued.args.opIndex), deadlineBlock: queued.args.deadline.toString(), queuedAt: r.queuedAt ?? now })
            updateDeposit(r.id, patch)
            r = { ...r, ...patch }
          }
        }
      }
      const [head, sequencedEnd, verifiedEnd, frozen] = await Promise.all([
        client!.getBlockNumber({ cacheTime: 0 }),
        client!.readContract({ address: r.rollup, abi: rollupAbi, functionName: 'sequencedPriorityOpsEnd' }),
        client!.readContract({ address: r.rollup, abi: rollupAbi, functionName: 'verifiedPriorityOpsEnd' }),
        client!.readContract({ address: r.rollup, abi: rollupAbi, functionName: 'frozen' }),
      ])
      if (r.opIndex !== undefined) {
        const now = Date.now()
        if (!r.virtualAt && sequencedEnd > BigInt(r.opIndex)) updateDeposit(r.id, { virtualAt: now })
        if (!r.provenAt && verifiedEnd > BigInt(r.opIndex)) updateDeposit(r.id, { provenAt: now })
      }
      return { head, sequencedEnd, verifiedEnd, frozen }
    },
  })

  const l2 = useQuery({
    queryKey: ['depositL2', record.id, record.opIndex, node !== null],
    enabled: node !== null && record.opIndex !== undefined,
    refetchInterval: 2_000,
    queryFn: () => node!.priorityOp(record.opIndex!),
  })

  return { l1, l2, nodeConnected: node !== null }
}
