// The aggregator: proves sequenced batches (the circuit input the sequencer stored with each
// trusted batch) and submits them with verifyBatches (§8): as many consecutive proven batches as
// are ready, ending at a sequenceBatches boundary (the contract requires it), at most k per call,
// and at least every `intervalMs` once something is proven. L1 is the truth for what is verified
// (lastVerifiedBatch), so a restart neither resubmits nor loses anything; proofs are kept in the
// relay's storage, so a restart does not prove a batch again.
//
// Proving runs in this process through snarkjs: its multi-exponentiations already run on
// ffjavascript's own worker threads; the witness computation (a few seconds of WASM) runs on the
// main thread, between awaits, so RPC acks wait for at most that slice, not for a whole proof.
import { type Account, type Address, type Chain, type Client, type PublicClient, type Transport, type WalletClient, bytesToHex } from 'viem'
import { concatBytes } from '@noble/hashes/utils.js'
import { rollupAbi } from '../../contracts/generated/abis'
import { readSequencedBatches } from '../../src/l1/readSequencedBatches'
import { proofToSolidityCalldata } from '../../src/prover/proofToSolidityCalldata'
import { proveBatch } from '../../src/prover/proveBatch'
import type { BatchCircuitInput, ProverArtifacts, SolidityProof } from '../../src/prover/types'
import { BaseError, registerErrorClasses } from '../errors'
import { Backoff, sleep } from '../l1/backoff'
import type { L1Health } from '../l1/l1Health'
import type { Logger } from '../rpc/handleRequest'
import type { RelayStorage } from '../store/relayStorage'

export class VerifyBatchesRevertedError extends BaseError {
  override name = 'VerifyBatchesRevertedError'
  static override readonly code: string = 'RELAY_VERIFY_REVERTED'
}
/** A sequenced batch the aggregator cannot prove from what the sequencer stored. */
export class AggregatorInputError extends BaseError {
  override name = 'AggregatorInputError'
  static override readonly code: string = 'RELAY_AGGREGATOR_INPUT'
}
registerErrorClasses(VerifyBatchesRevertedError, AggregatorInputError)

export type AggregatorOptions = {
  storage: RelayStorage
  public: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  rollup: Address
  /** First L1 block of the deployment (where BatchesSequenced events start). */
  fromBlock: bigint
  artifacts: ProverArtifacts
  /** At most this many batches per verifyBatches call. */
  k: number
  /** Submit what is proven at least this often (ms), even if fewer than k. */
  intervalMs: number
  pollMs: number
  health: L1Health
  logger?: Logger
}

type StoredProof = { newStateRoot: string; exitRoot: string; proof: string[] }

export class Aggregator {
  private readonly boundaries = new Set<number>()
  private scannedThrough: bigint
  private readonly abort = new AbortController()
  private loopDone: Promise<void> | undefined
  private provenWaitingSince: number | undefined
  /** Batches this process proved (for tests and status). */
  readonly proved: number[] = []
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

  /** After an L1 reorg: the sequenceBatches boundaries read so far may be gone; read them again. */
  rescanSequenced(): void {
    this.boundaries.clear()
    this.scannedThrough = this.opts.fromBlock - 1n
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

  private async getProof(n: number): Promise<StoredProof | undefined> {
    const text = await this.opts.storage.getMeta(`proof:${n}`)
    return text ? (JSON.parse(text) as StoredProof) : undefined
  }

  /** One unit of work: prove the next sequenced batch or submit; true if it did something. */
  async step(): Promise<boolean> {
    const [sequenced, verified] = await Promise.all([this.read('lastSequencedBatch'), this.read('lastVerifiedBatch')])
    await this.scanBoundaries()
    let provenThrough = verified
    while (provenThrough < sequenced && (await this.getProof(provenThrough + 1))) provenThrough++

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

    if (provenThrough < sequenced) {
      await this.prove(provenThrough + 1)
      return true
    }
    return false
  }

  private async prove(n: number): Promise<void> {
    const batch = await this.opts.storage.getBatch(n)
    if (!batch) throw new AggregatorInputError(`Batch ${n} is sequenced on L1 but not in the relay's storage.`)
    const { proof, publicInputs } = await proveBatch(batch.circuitInput as BatchCircuitInput, this.opts.artifacts)
    if (publicInputs.join() !== batch.publicInputs.join()) throw new AggregatorInputError(`Batch ${n}: the circuit's public inputs differ from the sequencer's.`)
    const words: SolidityProof = proofToSolidityCalldata(proof)
    const stored: StoredProof = { newStateRoot: batch.stateRoot.toString(), exitRoot: batch.exitRoot.toString(), proof: words.map(String) }
    await this.opts.storage.setMeta(`proof:${n}`, JSON.stringify(stored))
    this.proved.push(n)
    this.opts.logger?.info?.(`[aggregator] proved batch ${n}`)
  }

  private async submit(first: number, last: number): Promise<void> {
    const records: Uint8Array[] = []
    const proofs = []
    for (let n = first; n <= last; n++) {
      const batch = (await this.opts.storage.getBatch(n))!
      const p = (await this.getProof(n))!
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
    // Bounded: a reorg can drop the call; lastVerifiedBatch says on the next step what to resend.
    const receipt = await this.opts.public.waitForTransactionReceipt({ hash, timeout: 60_000 })
    if (receipt.status !== 'success') throw new VerifyBatchesRevertedError(`verifyBatches ${hash} (batches ${first}–${last}) reverted.`)
    this.submitted.push({ hash, first, last })
    this.opts.logger?.info?.(`[aggregator] verified batches ${first}–${last} on L1 (${hash})`)
  }
}
