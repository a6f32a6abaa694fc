// The aggregator submits proven batches with verifyBatches (§8): as many consecutive proven
// batches as are ready, ending at a sequenceBatches boundary (the contract requires it), at most
// k per call, and at least every `intervalMs` once something is proven. L1 is the truth for what
// is sequenced and verified (lastSequencedBatch / lastVerifiedBatch), so a restart neither
// resubmits nor loses anything.
//
// It does not prove: each step hands L1's view to the ProofCoordinator (relay/prover), whose job
// queue the relay's own prover threads and external provers take batches from; accepted proofs
// are persisted there (`proof:<n>`), and this reads them back.
import { type Account, type Address, type Chain, type Client, type PublicClient, type Transport, type WalletClient, bytesToHex } from 'viem'
import { concatBytes } from '@noble/hashes/utils.js'
import { rollupAbi } from '../../contracts/generated/abis'
import { readSequencedBatches } from '../../src/l1/readSequencedBatches'
import { BaseError, registerErrorClasses } from '../errors'
import { Backoff, sleep } from '../l1/backoff'
import type { L1Health } from '../l1/l1Health'
import type { Logger } from '../rpc/handleRequest'
import type { ProofCoordinator } from '../prover/proofCoordinator'
import { readStoredProof } from '../prover/storedProof'
import type { RelayStorage } from '../store/relayStorage'

export class VerifyBatchesRevertedError extends BaseError {
  override name = 'VerifyBatchesRevertedError'
  static override readonly code: string = 'RELAY_VERIFY_REVERTED'
}
registerErrorClasses(VerifyBatchesRevertedError)

export type AggregatorOptions = {
  storage: RelayStorage
  public: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  rollup: Address
  /** First L1 block of the deployment (where BatchesSequenced events start). */
  fromBlock: bigint
  /** The job queue provers fill; told L1's view each step. */
  coordinator: ProofCoordinator
  /** At most this many batches per verifyBatches call. */
  k: number
  /** Submit what is proven at least this often (ms), even if fewer than k. */
  intervalMs: number
  pollMs: number
  health: L1Health
  logger?: Logger
}

export class Aggregator {
  private readonly boundaries = new Set<number>()
  private scannedThrough: bigint
  private readonly abort = new AbortController()
  private loopDone: Promise<void> | undefined
  private provenWaitingSince: number | undefined
  readonly submitted: { hash: `0x${string}`; first: number; last: number }[] = []

  constructor(private readonly opts: AggregatorOptions) {
    this.scannedThrough = opts.fromBlock - 1n
  }

  start(): void {
    if (this.loopDone) return
    const backoff = new Backoff(this.opts.pollMs, 30_000)
    this.loopDone = (async () => {
      while (!this.abort.signal.aborted) {
        let wait = this.opts.pollMs
        try {
          const worked = await this.step()
          this.opts.health.ok('aggregator')
          backoff.reset()
          if (worked) wait = 0
        } catch (err) {
          this.opts.health.fail('aggregator', err)
          wait = backoff.next()
          this.opts.logger?.error(`[aggregator] failed; retrying in ${wait} ms`, err)
        }
        await sleep(wait, this.abort.signal)
      }
    })()
  }

  async stop(): Promise<void> {
    this.abort.abort()
    await this.loopDone
  }

  private async read(name: 'lastSequencedBatch' | 'lastVerifiedBatch'): Promise<number> {
    return Number(await this.opts.public.readContract({ address: this.opts.rollup, abi: rollupAbi, functionName: name }))
  }

  private async scanBoundaries(): Promise<void> {
    const head = await this.opts.public.getBlockNumber({ cacheTime: 0 })
    if (head <= this.scannedThrough) return
    const calls = await readSequencedBatches(this.opts.public as Client, { rollup: this.opts.rollup, fromBlock: this.scannedThrough + 1n, toBlock: head })
    for (const call of calls) this.boundaries.add(Number(call.lastBatch))
    this.scannedThrough = head
  }

  /** One unit of work: refresh the job queue's view of L1, submit if due; true if it submitted. */
  async step(): Promise<boolean> {
    const [sequenced, verified] = await Promise.all([this.read('lastSequencedBatch'), this.read('lastVerifiedBatch')])
    await this.scanBoundaries()
    await this.opts.coordinator.update({ sequenced, verified })
    const provenThrough = Math.min(sequenced, Math.max(verified, this.opts.coordinator.provenThrough))

    let end = 0
    for (let n = Math.min(provenThrough, verified + this.opts.k); n > verified; n--) {
      if (this.boundaries.has(n)) {
        end = n
        break
      }
    }
    if (end > 0) {
      this.provenWaitingSince ??= Date.now()
      const full = end - verified >= this.opts.k
      const late = Date.now() - this.provenWaitingSince >= this.opts.intervalMs
      if (full || late) {
        await this.submit(verified + 1, end)
        this.provenWaitingSince = undefined
        return true
      }
    } else {
      this.provenWaitingSince = undefined
    }
    return false
  }

  private async submit(first: number, last: number): Promise<void> {
    const records: Uint8Array[] = []
    const proofs = []
    for (let n = first; n <= last; n++) {
      const batch = (await this.opts.storage.getBatch(n))!
      const p = (await readStoredProof(this.opts.storage, n))!
      records.push(batch.record)
      proofs.push({
        newStateRoot: BigInt(p.newStateRoot),
        exitRoot: BigInt(p.exitRoot),
        proof: p.proof.map(BigInt) as unknown as readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint],
      })
    }
    const hash = await this.opts.wallet.writeContract({
      address: this.opts.rollup,
      abi: rollupAbi,
      functionName: 'verifyBatches',
      args: [BigInt(last), bytesToHex(concatBytes(...records)), proofs],
      chain: this.opts.wallet.chain ?? null,
    })
    const receipt = await this.opts.public.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new VerifyBatchesRevertedError(`verifyBatches ${hash} (batches ${first}–${last}) reverted.`)
    this.submitted.push({ hash, first, last })
    this.opts.logger?.info?.(`[aggregator] verified batches ${first}–${last} on L1 (${hash})`)
  }
}
