import { useState } from 'react'
import { parseEventLogs } from 'viem'
import { usePublicClient, useWriteContract } from 'wagmi'
import { bridgeAbi, rollupAbi } from '../../../contracts/generated/abis'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { walletErrorMessage } from '../errors/walletErrorMessage'
import { simulateThenWrite } from '../l1/simulateThenWrite'
import { updateDeposit, type DepositRecord } from './depositStore'

/**
 * Frozen mode: a deposit no verified batch consumed is refunded in full by its op preimage
 * (Bridge.refundDeposit), taken from the PriorityOpQueued event of its own L1 receipt and
 * simulated before the wallet is asked.
 */
export function RefundButton({ record, config }: { record: DepositRecord; config: RuntimeConfig }) {
  const client = usePublicClient({ chainId: record.chainId })
  const write = useWriteContract()
  const [message, setMessage] = useState<string | null>(null)
  const bridge = config.deployment?.contracts.bridge as `0x${string}` | undefined

  async function refund() {
    setMessage(null)
    try {
      const receipt = await client!.getTransactionReceipt({ hash: record.id })
      const [op] = parseEventLogs({ abi: rollupAbi, eventName: 'PriorityOpQueued', logs: receipt.logs }).filter(
        (l) => l.address.toLowerCase() === record.rollup.toLowerCase(),
      )
      if (!op) {
        setMessage('This deposit transaction queued no priority op on L1: there is nothing to refund.')
        return
      }
      const { receipt: done } = await simulateThenWrite(client!, write.writeContractAsync, {
        address: bridge!,
        abi: bridgeAbi,
        functionName: 'refundDeposit',
        args: [op.args.opIndex, op.args.l1Address, op.args.pubAx, op.args.pubAy, op.args.amount],
        account: record.from,
      })
      if (done.status !== 'success') {
        setMessage('The refund transaction reverted on L1; nothing was refunded. Reload and try again.')
        return
      }
      updateDeposit(record.id, { refundedAt: Date.now() })
    } catch (err) {
      setMessage(walletErrorMessage(err, 'refunded'))
    }
  }

  if (record.refundedAt) return <p className="ok-text" data-testid="deposit-refunded">Refunded in full on L1.</p>
  return (
    <div>
      <button type="button" data-testid="deposit-refund" disabled={!bridge || write.isPending} onClick={() => void refund()}>
        {write.isPending ? 'Confirm in your wallet…' : 'Refund this deposit on L1'}
      </button>
      {message && (
        <p className="error-text" role="alert">
          {message}
        </p>
      )}
    </div>
  )
}
