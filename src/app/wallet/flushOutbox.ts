// Sends the outbox once the relay answers again, oldest nonce first per sender. Each record ends
// `sent`, or `rejected` with the relay's reason in plain words; while the relay is unreachable
// the rest stay queued for the next round.
import { l2ErrorMessage } from './l2ErrorMessage'
import { RelayUnreachableError } from './errors'
import { listL2Txs, updateL2Tx } from './l2TxStore'
import type { LanternRelay } from './relay'

export type FlushResult = { sent: number; rejected: number; waiting: number }

/** One pass over the queued records of this relay's deployment. */
export async function flushOutbox(relay: LanternRelay, scope: { chainId: number; rollup: string }, now: () => number = Date.now): Promise<FlushResult> {
  const queued = listL2Txs()
    .filter((r) => r.state === 'queued-offline' && r.chainId === scope.chainId && r.rollup === scope.rollup.toLowerCase())
    .sort((a, b) => a.fromIndex - b.fromIndex || a.nonce - b.nonce)
  const result: FlushResult = { sent: 0, rejected: 0, waiting: 0 }
  for (let i = 0; i < queued.length; i++) {
    const record = queued[i]!
    try {
      await relay.call('lantern_sendTransaction', [record.signedTx])
      updateL2Tx(record.hash, { state: 'sent', sentAt: now() })
      result.sent++
    } catch (error) {
      if (error instanceof RelayUnreachableError) {
        result.waiting = queued.length - i
        return result
      }
      updateL2Tx(record.hash, { state: 'rejected', reason: l2ErrorMessage(error, 'It was not sent.') })
      result.rejected++
    }
  }
  return result
}
