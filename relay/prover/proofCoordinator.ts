// The prover-job protocol (request → job → submit → ack), modelled on ethrex's ProofCoordinator.
// Every prover — the relay's own worker threads and external ones (a browser, another server)
// through lantern_getProverJob / lantern_submitProof — takes work from this one queue.
//
// - Jobs are for batches sequenced on L1 and not yet proven, lowest first; a batch with a live
//   job (not past its expiry) is skipped, so two provers do not race for it until one is late.
// - A job carries the batch's circuit input, made for the job by executing the batch again
//   (batchCircuitInput.ts), and the public inputs the sequencer stored with it. A submitted proof is checked with the relay's own verification key against those stored
//   public inputs, never against anything the prover sends; a failing proof changes nothing.
// - The first valid proof of a batch wins and is persisted (`proof:<n>`, storedProof.ts) before
//   it is acknowledged; later ones get `alreadyProven`.
// - Jobs live in memory only. After a restart they are re-derived from storage (sequenced and
//   not proven → handed out again); an id issued before the restart is unknown. Ids are random
//   so an old one can never name a new job.
import { randomBytes } from 'node:crypto'
import { InvalidProofFormatError } from '../../src/prover/errors'
import { parseGroth16Proof } from '../../src/prover/parseProof'
import type { Groth16VerificationKey } from '../../src/prover/types'
import { BATCH_VERIFICATION_KEY } from '../../src/prover/verificationKey'
import { verifyGroth16 } from '../../src/prover/verifyGroth16'
import { InvalidProofError, ProvingBacklogError, UnknownProverJobError } from '../../src/rpc/errors'
import type { Logger } from '../rpc/handleRequest'
import type { ChainDomain } from '../../src/protocol/tx/l2Tx'
import type { RelayStorage } from '../store/relayStorage'
import { batchCircuitInput } from './batchCircuitInput'
import { ProverInputError } from './errors'
import { clearStoredProof, readStoredProof, writeStoredProof } from './storedProof'

export type ProofCoordinatorOptions = {
  storage: RelayStorage
  /** The rollup the batches belong to (their circuit inputs bind it). */
  domain: ChainDomain
  /** The trusted head's batch number (what the backlog counts up to). */
  trustedHead: () => number
  /** A job not answered within this long is handed out again. */
  jobTtlMs: number
  /** lantern_sendTransaction refuses past this many unproven trusted batches; 0 = no limit. */
  maxUnproven: number
  /** Reported in lantern_status. */
  localProvers?: number
  /** The key proofs must verify under (default: the pinned key the L1 verifier was built from). */
  verificationKey?: Groth16VerificationKey
  now?: () => number
  logger?: Logger
}

/** A job as handed out; `expiresAt` in unix ms. */
export type ProverJobRecord = {
  jobId: string
  batchNumber: number
  proverId: string
  expiresAt: number
  circuitInput: unknown
  publicInputs: readonly bigint[]
}

type OpenJob = { jobId: string; batchNumber: number; proverId: string; expiresAt: number }

/** Jobs kept per batch; older ones are forgotten first (bounds memory against a prover that only asks). */
const MAX_JOBS_PER_BATCH = 8

export class ProofCoordinator {
  private sequenced = 0
  private verified = 0
  /** Every batch up to here is proven or verified. */
  private provenUpTo = 0
  /** Proven batches above provenUpTo (workers finish out of order). */
  private readonly provenAbove = new Set<number>()
  /** Storage has been checked for proofs of batches up to here. */
  private scannedThrough = 0
  private readonly jobs = new Map<string, OpenJob>()
  private readonly jobsByBatch = new Map<number, OpenJob[]>()
  private readonly writes = new Map<number, Promise<void>>()
  private waiters: (() => void)[] = []
  private readonly now: () => number
  private readonly key: Groth16VerificationKey
  /** Accepted proofs in order (batch, prover): what this process consolidated. */
  readonly accepted: { batchNumber: number; proverId: string }[] = []

  constructor(private readonly opts: ProofCoordinatorOptions) {
    this.now = opts.now ?? Date.now
    this.key = opts.verificationKey ?? BATCH_VERIFICATION_KEY
  }

  /** L1's view (from the aggregator): batches through `sequenced` may be proven; through `verified` need no proof. */
  async update({ sequenced, verified }: { sequenced: number; verified: number }): Promise<void> {
    const grew = sequenced > this.sequenced
    this.sequenced = sequenced
    this.verified = verified
    // Proofs persisted before a restart (or by another process over the same storage) count, if
    // they are proofs of the batch as it is stored now.
    for (let n = Math.max(this.scannedThrough, this.verified) + 1; n <= this.sequenced; n++) {
      if (this.isProven(n)) continue
      const [stored, batch] = await Promise.all([readStoredProof(this.opts.storage, n), this.opts.storage.getBatch(n)])
      if (stored && batch && stored.newStateRoot === batch.stateRoot.toString() && stored.exitRoot === batch.exitRoot.toString()) this.provenAbove.add(n)
    }
    this.scannedThrough = Math.max(this.scannedThrough, this.sequenced)
    this.advance()
    for (const [n, list] of this.jobsByBatch) {
      if (n > this.verified) continue
      for (const job of list) this.jobs.delete(job.jobId)
      this.jobsByBatch.delete(n)
    }
    if (grew) this.wake()
  }

  /**
   * Trusted batches from `fromBatch` on were rewound (an L1 reorg removed what they executed):
   * their proofs and jobs are void. Drops them, in storage too, so they are proven again as
   * re-executed; the next `update` brings L1's view.
   */
  async rewind(fromBatch: number): Promise<void> {
    const keep = fromBatch - 1
    const through = Math.max(this.sequenced, this.scannedThrough, this.opts.trustedHead(), ...this.provenAbove)
    this.sequenced = Math.min(this.sequenced, keep)
    this.verified = Math.min(this.verified, keep)
    this.provenUpTo = Math.min(this.provenUpTo, keep)
    this.scannedThrough = Math.min(this.scannedThrough, keep)
    for (const n of [...this.provenAbove]) if (n > keep) this.provenAbove.delete(n)
    for (const [n, list] of this.jobsByBatch) {
      if (n <= keep) continue
      for (const job of list) this.jobs.delete(job.jobId)
      this.jobsByBatch.delete(n)
    }
    for (let n = fromBatch; n <= through; n++) if (await readStoredProof(this.opts.storage, n)) await clearStoredProof(this.opts.storage, n)
  }

  /** True once a valid proof of batch `n` is persisted (or L1 verified it). */
  isProven(n: number): boolean {
    return n <= this.provenUpTo || n <= this.verified || this.provenAbove.has(n)
  }

  get provenThrough(): number {
    return this.provenUpTo
  }

  private advance(): void {
    if (this.provenUpTo < this.verified) this.provenUpTo = this.verified
    while (this.provenAbove.has(this.provenUpTo + 1)) this.provenAbove.delete(++this.provenUpTo)
    for (const n of this.provenAbove) if (n <= this.provenUpTo) this.provenAbove.delete(n)
  }

  private live(n: number): boolean {
    const now = this.now()
    return (this.jobsByBatch.get(n) ?? []).some((job) => job.expiresAt > now)
  }

  /**
   * The next job for `proverId`: the lowest sequenced, unproven batch without a live job; or,
   * with `batchNumber`, a job for that batch (even if another prover holds one). Null when there
   * is nothing to prove.
   */
  async requestJob(proverId: string, batchNumber?: number): Promise<ProverJobRecord | null> {
    let n: number | undefined
    if (batchNumber !== undefined) {
      if (batchNumber >= 1 && batchNumber <= this.sequenced && !this.isProven(batchNumber)) n = batchNumber
    } else {
      for (let m = this.provenUpTo + 1; m <= this.sequenced; m++) {
        if (!this.isProven(m) && !this.live(m)) {
          n = m
          break
        }
      }
    }
    if (n === undefined) return null
    const batch = await this.opts.storage.getBatch(n)
    if (!batch) throw new ProverInputError(`Batch ${n} is sequenced on L1 but not in the relay's storage.`)
    const job: OpenJob = { jobId: randomBytes(16).toString('hex'), batchNumber: n, proverId, expiresAt: this.now() + this.opts.jobTtlMs }
    const list = this.jobsByBatch.get(n) ?? []
    list.push(job)
    if (list.length > MAX_JOBS_PER_BATCH) this.jobs.delete(list.shift()!.jobId)
    this.jobsByBatch.set(n, list)
    this.jobs.set(job.jobId, job)
    try {
      return { ...job, circuitInput: await batchCircuitInput(this.opts.storage, this.opts.domain, batch), publicInputs: batch.publicInputs }
    } catch (err) {
      // No job without its input: the batch is handed out again on the next request.
      this.jobs.delete(job.jobId)
      // Requests made while the input was built may have pushed it out of the list already.
      const at = list.indexOf(job)
      if (at >= 0) list.splice(at, 1)
      throw err
    }
  }

  /**
   * Checks a proof for a job and keeps the first valid one of its batch. An expired job is still
   * answered (the work is done; nothing better has arrived). Throws UnknownProverJobError for a
   * job this process did not hand out (or already forgot), InvalidProofError for a proof that
   * does not verify — and then nothing changes.
   */
  async submit(jobId: string, proof: unknown): Promise<{ batchNumber: number; status: 'accepted' | 'alreadyProven' }> {
    const job = this.jobs.get(jobId)
    if (!job) throw new UnknownProverJobError({ jobId })
    const n = job.batchNumber
    if (this.isProven(n)) return { batchNumber: n, status: 'alreadyProven' }
    const batch = await this.opts.storage.getBatch(n)
    if (!batch) throw new ProverInputError(`Batch ${n} has an open job but is not in the relay's storage.`)
    let valid: boolean
    try {
      valid = await verifyGroth16(this.key, batch.publicInputs, proof)
    } catch (err) {
      if (err instanceof InvalidProofFormatError) throw new InvalidProofError({ jobId, batchNumber: BigInt(n), reason: err.shortMessage })
      throw err
    }
    if (!valid) throw new InvalidProofError({ jobId, batchNumber: BigInt(n), reason: "the pairing check fails for the batch's public inputs" })
    // Two valid proofs of one batch may finish verifying together: the first to get here writes.
    for (let pending = this.writes.get(n); pending; pending = this.writes.get(n)) await pending.catch(() => {})
    if (this.isProven(n)) return { batchNumber: n, status: 'alreadyProven' }
    const write = writeStoredProof(this.opts.storage, batch, parseGroth16Proof(proof))
    this.writes.set(n, write)
    try {
      await write
    } finally {
      this.writes.delete(n)
    }
    this.provenAbove.add(n)
    this.advance()
    this.accepted.push({ batchNumber: n, proverId: job.proverId })
    this.opts.logger?.info?.(`[prover] batch ${n} proven by ${job.proverId}`)
    return { batchNumber: n, status: 'accepted' }
  }

  /** Trusted batches above provenThrough: what proving still owes. */
  get unproven(): number {
    return Math.max(0, this.opts.trustedHead() - this.provenUpTo)
  }

  /** Throws ProvingBacklogError when the backlog is at its limit (so admission stops growing it). */
  assertBacklog(): void {
    const max = this.opts.maxUnproven
    const unproven = this.unproven
    if (max > 0 && unproven >= max) throw new ProvingBacklogError({ unproven, max })
  }

  /** What lantern_status reports. */
  status() {
    const now = this.now()
    let openJobs = 0
    for (const job of this.jobs.values()) if (job.expiresAt > now && !this.isProven(job.batchNumber)) openJobs++
    return {
      sequencedThrough: this.sequenced,
      provenThrough: this.provenUpTo,
      verifiedThrough: this.verified,
      unproven: this.unproven,
      maxUnproven: this.opts.maxUnproven,
      openJobs,
      localProvers: this.opts.localProvers ?? 0,
    }
  }

  /** Resolves when new batches are sequenced, after `ms`, or when `signal` aborts. */
  waitForWork(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        this.waiters = this.waiters.filter((w) => w !== done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
      this.waiters.push(done)
    })
  }

  private wake(): void {
    for (const w of [...this.waiters]) w()
  }
}
