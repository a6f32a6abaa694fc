// Posts trusted batches to L1 with `sequenceBatches` (§6.1): consecutive records concatenated,
// at most `maxBatchesPerTx` per call. Idempotent across restarts: before each call it reads
// `lastSequencedBatch` and skips what L1 already holds, after checking that L1's accumulated
// input hash at that batch is the relay's own (a different chain there means the relay's data
// dir belongs to another deployment: it stops posting rather than post a fork). Retries with
// backoff until the call is mined; while L1 fails, `health` reports it. A call a reorg drops is
// sent again: the sequencer lowers postedThrough to L1's lastSequencedBatch and posts again
// (Sequencer.reconcilePosted).
import { concatBytes } from '@noble/hashes/utils.js'
import { type Account, type Address, type Chain, type PublicClient, type Transport, type WalletClient, bytesToHex } from 'viem'
import { rollupAbi } from '../../contracts/generated/abis'
import type { BatchSink } from '../sequencer/batchSink'
import type { BatchRecord } from '../store/records'
import type { Logger } from '../rpc/handleRequest'
import { BaseError, registerErrorClasses } from '../errors'
import { Backoff, sleep } from './backoff'
import type { L1Health } from './l1Health'

/** L1's sequenced chain disagrees with the relay's trusted batches. */
export class SequencedChainMismatchError extends BaseError {
  override name = 'SequencedChainMismatchError'
  static override readonly code: string = 'RELAY_SEQUENCED_CHAIN_MISMATCH'
}

/** A sequenceBatches transaction was mined but reverted. */
export class SequenceBatchesRevertedError extends BaseError {
  override name = 'SequenceBatchesRevertedError'
  static override readonly code: string = 'RELAY_SEQUENCE_REVERTED'
}
/** An earlier call from the sequencer's address is not mined yet (retried). */
export class SequenceInFlightError extends BaseError {
  override name = 'SequenceInFlightError'
  static override readonly code: string = 'RELAY_SEQUENCE_IN_FLIGHT'
}
/** A post was stopped before L1 accepted it (rewind or shutdown); the sequencer posts again. */
export class PostAbortedError extends BaseError {
  override name = 'PostAbortedError'
  static override readonly code: string = 'RELAY_POST_ABORTED'
}
registerErrorClasses(SequencedChainMismatchError, SequenceBatchesRevertedError, SequenceInFlightError, PostAbortedError)

export type L1BatchSinkOptions = {
  public: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  rollup: Address
  /** At most this many batches per sequenceBatches call (≤ the aggregator's k). */
  maxBatchesPerTx: number
  health: L1Health
  logger?: Logger
  /** Backoff bounds while L1 fails (ms). */
  retryMinMs?: number
  retryMaxMs?: number
  signal?: AbortSignal
  /** How long to wait for a sent call's receipt before checking L1 again (ms, default 60 000). */
  receiptTimeoutMs?: number
}

export class L1BatchSink implements BatchSink {
  /** Transactions sent, with the batch numbers each carried (for tests and status). */
  readonly calls: { hash: `0x${string}`; batches: number[] }[] = []

  constructor(private readonly opts: L1BatchSinkOptions) {}

  async lastSequencedBatch(): Promise<number> {
    return Number(await this.opts.public.readContract({ address: this.opts.rollup, abi: rollupAbi, functionName: 'lastSequencedBatch' }))
  }

  async post(batches: readonly BatchRecord[], signal?: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.opts.retryMinMs ?? 500, this.opts.retryMaxMs ?? 30_000)
    const abort = AbortSignal.any([signal, this.opts.signal].filter((s): s is AbortSignal => s !== undefined))
    for (;;) {
      if (abort.aborted) throw new PostAbortedError('Posting stopped: the batches were rewound or the relay is closing.')
      try {
        await this.postOnce(batches, abort)
        this.opts.health.ok('sequenceBatches')
        return
      } catch (err) {
        if (err instanceof SequencedChainMismatchError) {
          this.opts.health.fail('sequenceBatches', err)
          throw err
        }
        this.opts.health.fail('sequenceBatches', err)
        const wait = backoff.next()
        this.opts.logger?.error(`[l1] sequenceBatches failed; retrying in ${wait} ms`, err)
        if (abort.aborted) throw err
        await sleep(wait, abort)
      }
    }
  }

  private async postOnce(batches: readonly BatchRecord[], abort: AbortSignal): Promise<void> {
    const { rollup, maxBatchesPerTx } = this.opts
    // sequenceBatches appends at lastSequencedBatch + 1 whatever it is given: a call of ours still
    // in the mempool must land (or be dropped) before lastSequencedBatch can say what to skip.
    const address = this.opts.wallet.account.address
    const [pending, latest] = await Promise.all([
      this.opts.public.getTransactionCount({ address, blockTag: 'pending' }),
      this.opts.public.getTransactionCount({ address, blockTag: 'latest' }),
    ])
    if (pending > latest) throw new SequenceInFlightError(`A transaction from ${address} is still pending (nonce ${latest}); waiting for it before posting.`)
    const onL1 = await this.lastSequencedBatch()
    const known = batches.find((b) => b.number === onL1)
    if (known) {
      const acc = await this.opts.public.readContract({ address: rollup, abi: rollupAbi, functionName: 'accInputHashAt', args: [BigInt(onL1)] })
      if (acc.toLowerCase() !== known.accInputHash.toLowerCase()) {
        throw new SequencedChainMismatchError(`L1 batch ${onL1} has accInputHash ${acc}, the relay's is ${known.accInputHash}.`)
      }
    }
    const todo = batches.filter((b) => b.number > onL1)
    if (todo.length > 0 && todo[0]!.number !== onL1 + 1) {
      throw new SequencedChainMismatchError(`L1 has sequenced through batch ${onL1}, but the next batch to post is ${todo[0]!.number}.`)
    }
    for (let i = 0; i < todo.length; i += maxBatchesPerTx) {
      const chunk = todo.slice(i, i + maxBatchesPerTx)
      const hash = await this.opts.wallet.writeContract({
        address: rollup,
        abi: rollupAbi,
        functionName: 'sequenceBatches',
        args: [bytesToHex(concatBytes(...chunk.map((b) => b.record)))],
        chain: this.opts.wallet.chain ?? null,
      })
      this.calls.push({ hash, batches: chunk.map((b) => b.number) })
      // A reorg can drop the transaction: waiting is bounded and abortable; the next attempt
      // reads lastSequencedBatch again, so a dropped call is simply sent again.
      const receipt = await this.opts.public.waitForTransactionReceipt({ hash, timeout: this.opts.receiptTimeoutMs ?? 60_000, signal: abort })
      if (receipt.status !== 'success') throw new SequenceBatchesRevertedError(`sequenceBatches ${hash} (batches ${chunk[0]!.number}–${chunk.at(-1)!.number}) reverted.`)
    }
  }
}
