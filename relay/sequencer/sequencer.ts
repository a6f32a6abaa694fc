// The trusted sequencer: takes due priority ops (first, in queue order) and executable pool
// transactions into batches with the protocol's BatchExecution over the trusted tree, closes a
// batch when its BATCH_SLOTS are full or when the oldest waiting item has waited
// `maxBatchWaitMs`, persists it atomically with its pool removals, then makes it visible and
// broadcasts it. A transaction the executor refuses is dropped from the pool, never included.
//
// Rewind (L1 reorgs): when a reorg removes a priority op a trusted batch consumed, `onL1Reorg`
// rewinds trusted state to the last batch before it (storage undoes the batches' tree, account
// and pool writes in one transaction; their pool transactions are pooled again, so nothing
// acknowledged is lost) and rebuilds from there. Batches L1 no longer holds as sequenced (the
// reorg dropped the sequenceBatches transaction) are posted again; the sink is idempotent. A
// reorg can drop a call in blocks the L1 reader never read (it polls; the call was mined and
// reorged away between two polls), so `verifyPosted` also compares L1 with what is recorded as
// posted after every poll, whether a reorg was seen or not.
//
// Signatures: the pool verified each one against the sender's key at admission. The executor
// runs with verifySignatures: false and the sequencer re-verifies exactly those transactions
// whose sender's key has changed since (a REGISTER_KEY or keyed DEPOSIT in between): every
// included signature is checked against the key the circuit will check it against.
import { keccak256, concatHex, numberToHex } from 'viem'
import { accInputHash, GENESIS_ACC_INPUT_HASH } from '../../src/protocol/batch/accInputHash'
import { BATCH_SLOTS } from '../../src/protocol/constants'
import { BatchFullError } from '../../src/protocol/errors'
import { BatchExecution } from '../../src/protocol/executor/batchExecution'
import { type Hex, toBytes32Hex } from '../../src/protocol/field'
import { emptyStateRoot } from '../../src/protocol/tree/zeroHashes'
import { type ChainDomain, verifyTxSignature } from '../../src/protocol/tx/l2Tx'
import { packedOp } from '../../src/protocol/tx/priorityOp'
import type { Logger } from '../rpc/handleRequest'
import type { Pool } from '../pool/pool'
import type { BatchRecord, SlotRecord } from '../store/records'
import type { RelayStorage } from '../store/relayStorage'
import type { StagedKvStore, TrustedKvStore } from '../store/trustedKvStore'
import type { BatchSink } from './batchSink'
import type { PriorityOpSource } from './priorityOpSource'

export type SequencerConfig = {
  domain: ChainDomain
  /** The sequencer's own L2 account, credited with every batch's fees. */
  feeAccountIndex: number
  /** A batch with free slots closes once its oldest item has waited this long. */
  maxBatchWaitMs: number
}

export type SequencerDeps = {
  storage: RelayStorage
  kv: TrustedKvStore
  pool: Pool
  priorityOps: PriorityOpSource
  sink: BatchSink
  config: SequencerConfig
  logger?: Logger
  now?: () => number
}

const ZERO_HASH: Hex = `0x${'0'.repeat(64)}`

/** A backlog is sequenced in groups of at most this many batches, committed together. */
const MAX_BATCHES_PER_COMMIT = 32
/** A group stops growing once building it took this long, so acks and broadcasts keep flowing. */
const GROUP_BUDGET_MS = 30

/** Batches kept in memory after their commit until posted, so posting does not read and decode them back. */
const MAX_UNPOSTED_IN_MEMORY = 256

/** A batch built over a staged store, not durable yet. */
type BuiltBatch = { record: BatchRecord; staged: StagedKvStore; removed: Hex[]; accounts: [bigint, number][] }

/** Block 0: the empty state before any batch. */
export function genesisRecord(domain: ChainDomain): BatchRecord {
  const stateRoot = emptyStateRoot()
  return {
    number: 0,
    hash: keccak256(concatHex([numberToHex(domain.chainId, { size: 32 }), numberToHex(domain.rollupAddress, { size: 32 }), toBytes32Hex(stateRoot)])),
    parentHash: ZERO_HASH,
    timestamp: 0,
    oldStateRoot: stateRoot,
    stateRoot,
    priorityOpCount: 0,
    priorityOpsConsumed: 0,
    exitRoot: 0n,
    accInputHash: GENESIS_ACC_INPUT_HASH,
    publicInputs: [],
    feeAccountIndex: 0,
    totalFees: 0n,
    record: new Uint8Array(),
    slots: [],
  }
}

/** The hash a batch is known by as an Ethereum block: binds its parent, number, roots and time. */
export function batchHash(b: Pick<BatchRecord, 'parentHash' | 'number' | 'stateRoot' | 'accInputHash' | 'exitRoot' | 'timestamp'>): Hex {
  return keccak256(
    concatHex([
      b.parentHash,
      numberToHex(b.number, { size: 8 }),
      toBytes32Hex(b.stateRoot),
      b.accInputHash,
      toBytes32Hex(b.exitRoot),
      numberToHex(b.timestamp, { size: 8 }),
    ]),
  )
}

/** A priority op's hash in block/tx views: it has no signature, so it is named by its queue position. */
export function priorityOpHash(domain: ChainDomain, queueIndex: number): Hex {
  return keccak256(concatHex([numberToHex(domain.chainId, { size: 32 }), numberToHex(domain.rollupAddress, { size: 20 }), numberToHex(queueIndex, { size: 8 })]))
}

export class Sequencer {
  private headRecord: BatchRecord
  private readonly listeners = new Set<(batch: BatchRecord) => void>()
  private running = false
  private wake: (() => void) | undefined
  /** Set by every poke, so one that lands while the loop is busy is not lost. */
  private dirty = false
  private loopDone: Promise<void> | undefined
  private waitingSince: number | undefined
  private posting: Promise<void> = Promise.resolve()
  /** Posts and reconciliations queued on `posting` and not finished. */
  private postingQueued = 0
  /** Aborted by a rewind: a post of batches that no longer exist must stop retrying. */
  private postAbort = new AbortController()
  /** Bumped by every rewind, so a post that started before it does not record postedThrough. */
  private epoch = 0
  /** Serializes batch building and rewinds. */
  private lock: Promise<unknown> = Promise.resolve()
  private readonly rewindListeners = new Set<(to: BatchRecord) => void>()
  private readonly unsubscribe: (() => void)[] = []
  private readonly now: () => number
  /** Committed batches not posted yet, oldest first (the storage holds them too). */
  private readonly unposted = new Map<number, BatchRecord>()

  private constructor(private readonly deps: SequencerDeps, head: BatchRecord) {
    this.headRecord = head
    this.now = deps.now ?? Date.now
  }

  static async open(deps: SequencerDeps): Promise<Sequencer> {
    const head = (await deps.storage.head()) ?? genesisRecord(deps.config.domain)
    return new Sequencer(deps, head)
  }

  /** The last trusted batch (the genesis record before the first). */
  get head(): BatchRecord {
    return this.headRecord
  }

  /** Calls `listener` with every trusted batch, right after it is durable. */
  onBatch(listener: (batch: BatchRecord) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Calls `listener` with the new head after every rewind. */
  onRewind(listener: (head: BatchRecord) => void): () => void {
    this.rewindListeners.add(listener)
    return () => this.rewindListeners.delete(listener)
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn)
    this.lock = run.catch(() => {})
    return run
  }

  /**
   * After an L1 reorg: rewinds the batches that consumed a priority op from `firstChangedOp` on
   * (null: the reorg changed no queued op), then reconciles what is posted with what L1 holds.
   */
  async onL1Reorg(firstChangedOp: number | null): Promise<void> {
    if (firstChangedOp !== null) {
      await this.exclusive(async () => {
        if (this.headRecord.priorityOpsConsumed <= firstChangedOp) return
        // The newest batch whose consumed ops all come before the changed one.
        let keep = this.headRecord
        while (keep.number > 0 && keep.priorityOpsConsumed > firstChangedOp) {
          keep = keep.number === 1 ? genesisRecord(this.deps.config.domain) : (await this.deps.storage.getBatch(keep.number - 1))!
        }
        await this.rewindLocked(keep.number, `priority op ${firstChangedOp} left the L1 queue in a reorg`)
      })
    }
    await this.reconcilePosted()
  }

  /** Removes the trusted batches after `number` and makes state, pool and head as they were after it. */
  rewindTo(number: number, reason: string): Promise<void> {
    return this.exclusive(() => this.rewindLocked(number, reason))
  }

  private async rewindLocked(number: number, reason: string): Promise<void> {
    const { storage, kv, pool } = this.deps
    const from = this.headRecord.number
    if (number >= from) return
    this.epoch++
    this.postAbort.abort()
    this.postAbort = new AbortController()
    const { kvOps, restoredPool } = await storage.rewindTo(number)
    this.unposted.clear()
    kv.apply(kvOps)
    this.headRecord = number === 0 ? ((await storage.getBatch(0)) ?? genesisRecord(this.deps.config.domain)) : (await storage.getBatch(number))!
    const postedThrough = Number((await storage.getMeta('postedThrough')) ?? '0')
    if (postedThrough > number) await storage.setMeta('postedThrough', String(number))
    pool.restore(restoredPool)
    this.waitingSince = undefined
    this.deps.logger?.error(`[sequencer] rewound trusted batches ${number + 1}–${from} (${reason}); ${restoredPool.length} transactions back in the pool`)
    for (const listener of this.rewindListeners) {
      try {
        listener(this.headRecord)
      } catch (err) {
        this.deps.logger?.error('[sequencer] rewind listener failed', err)
      }
    }
    this.dirty = true
    this.wake?.()
  }

  /** Lowers postedThrough to what L1 holds as sequenced (a reorg may have dropped a sequenceBatches) and posts again. */
  async reconcilePosted(): Promise<void> {
    const { storage, sink } = this.deps
    if (!sink.lastSequencedBatch) return
    this.postAbort.abort()
    this.postAbort = new AbortController()
    await this.enqueuePosting(async () => {
      const onL1 = await sink.lastSequencedBatch!()
      const postedThrough = Number((await storage.getMeta('postedThrough')) ?? '0')
      if (onL1 < postedThrough) {
        this.deps.logger?.error(`[sequencer] L1 holds batches through ${onL1} as sequenced, not ${postedThrough} (reorg); posting again`)
        await storage.setMeta('postedThrough', String(onL1))
      }
    }, '[sequencer] reconciling posted batches failed')
    this.schedulePost()
  }

  /**
   * Reconciles (as after a reorg) when L1 holds fewer batches as sequenced than are recorded as
   * posted; a no-op while a post is in flight (it records postedThrough only once L1 has the call).
   * Errors reading L1 are left to the L1 reader's and the sink's health reports.
   */
  async verifyPosted(): Promise<void> {
    const { storage, sink } = this.deps
    if (!sink.lastSequencedBatch || this.postingQueued > 0) return
    const postedThrough = Number((await storage.getMeta('postedThrough')) ?? '0')
    const onL1 = await sink.lastSequencedBatch().catch(() => undefined)
    if (onL1 === undefined || onL1 >= postedThrough || this.postingQueued > 0) return
    await this.reconcilePosted()
  }

  /** Starts the loop (and posts any batch the sink has not accepted yet). */
  start(): void {
    if (this.running) return
    this.running = true
    const poke = () => {
      this.dirty = true
      this.wake?.()
    }
    this.unsubscribe.push(this.deps.pool.onChange(poke), this.deps.priorityOps.onNewOps(poke))
    this.schedulePost()
    this.loopDone = this.loop()
  }

  /** Stops after the batch in progress (if any) is committed. */
  async stop(): Promise<void> {
    this.running = false
    for (const u of this.unsubscribe.splice(0)) u()
    this.wake?.()
    await this.loopDone
    await this.posting
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const due = await this.due()
        if (due === 0) {
          // Under load a group's last batch would often be a few transactions short: they wait for
          // more (or for maxBatchWaitMs) rather than fill a batch of their own, which costs a
          // tree update and a commit as a full one does.
          const group = await this.sequenceBatches(MAX_BATCHES_PER_COMMIT, GROUP_BUDGET_MS, this.waitExpired ? 'include' : 'leave')
          if (group.length === 0) this.waitingSince = this.pendingItems() > 0 ? this.now() : undefined
          // Storage calls resolve as microtasks: without this the loop would starve sockets
          // (broadcasts, acks, new submissions) for as long as there is a backlog.
          await new Promise((resolve) => setImmediate(resolve))
          continue
        }
        if (this.dirty) continue
        if (!this.running) break
        await new Promise<void>((resolve) => {
          const timer = due === Infinity ? undefined : setTimeout(resolve, due)
          this.wake = () => {
            if (timer) clearTimeout(timer)
            resolve()
          }
        })
        this.wake = undefined
      } catch (err) {
        this.deps.logger?.error('[sequencer] batch failed; retrying in 1 s', err)
        await new Promise((r) => setTimeout(r, 1_000))
      }
    }
  }

  /** What a batch could take now: durable pooled transactions (one being written cannot be taken yet) and due priority ops. */
  private pendingItems(): number {
    return this.deps.pool.durableSize + this.pendingOpsHint
  }

  private pendingOpsHint = 0
  /** Set by `due()`: something has waited maxBatchWaitMs, so a batch closes even if not full. */
  private waitExpired = false

  /** 0 when a batch should be built now, else ms to wait (Infinity: until something arrives). */
  private async due(): Promise<number> {
    this.dirty = false
    const ops = await this.deps.priorityOps.opsFrom(this.headRecord.priorityOpsConsumed, BATCH_SLOTS)
    this.pendingOpsHint = ops.length
    const items = this.pendingItems()
    if (items === 0) {
      this.waitingSince = undefined
      return Infinity
    }
    this.waitingSince ??= this.now()
    const waited = this.now() - this.waitingSince
    this.waitExpired = waited >= this.deps.config.maxBatchWaitMs
    if (items >= BATCH_SLOTS || this.waitExpired) return 0
    return this.deps.config.maxBatchWaitMs - waited
  }

  /** Builds, persists and broadcasts one batch from what is available now; undefined if nothing is executable. */
  sequenceBatch(): Promise<BatchRecord | undefined> {
    return this.exclusive(async () => (await this.buildGroup(1, GROUP_BUDGET_MS, 'include'))[0])
  }

  /**
   * Builds up to `max` consecutive batches (the next only while the last one filled up and the
   * group has taken less than `budgetMs`), persists them in one storage transaction (one sync
   * for the group), then makes each visible and broadcasts it, in order. Takes turns with rewinds.
   * With `tail: 'leave'`, a batch after the first is built only while a full batch's worth of
   * transactions is pooled: the rest stay for the next group.
   */
  sequenceBatches(max: number, budgetMs = GROUP_BUDGET_MS, tail: 'include' | 'leave' = 'include'): Promise<BatchRecord[]> {
    return this.exclusive(() => this.buildGroup(max, budgetMs, tail))
  }

  private async buildGroup(max: number, budgetMs: number, tail: 'include' | 'leave'): Promise<BatchRecord[]> {
    const { storage, kv, pool } = this.deps
    const started = performance.now()
    const built: BuiltBatch[] = []
    // Taken or dropped by an earlier batch of this group: still in the pool until the commit.
    const skip = new Set<Hex>()
    let view: TrustedKvStore | StagedKvStore = kv
    let head = this.headRecord
    let leftOver: Hex[] = []
    while (built.length < max) {
      if (tail === 'leave' && built.length > 0 && pool.durableSize - skip.size < BATCH_SLOTS) break
      const next = await this.buildBatch(head, view, skip)
      for (const hash of next.removed) skip.add(hash)
      if (!next.record) {
        leftOver = next.removed
        break
      }
      const batch = next as BuiltBatch
      built.push(batch)
      head = batch.record
      view = batch.staged
      if (next.record.slots.length < BATCH_SLOTS || performance.now() - started > budgetMs) break
    }
    if (built.length === 0) {
      if (leftOver.length > 0) await pool.drop(leftOver)
      return []
    }
    built.at(-1)!.removed.push(...leftOver)
    await storage.commitBatches(built.map((b) => ({ batch: b.record, kvOps: b.staged.ops, removePoolHashes: b.removed, accounts: b.accounts })))
    for (const b of built) {
      kv.apply(b.staged.ops)
      pool.forget(b.removed)
      this.headRecord = b.record
      this.unposted.set(b.record.number, b.record)
    }
    for (const n of this.unposted.keys()) {
      if (this.unposted.size <= MAX_UNPOSTED_IN_MEMORY) break
      this.unposted.delete(n)
    }
    this.waitingSince = undefined
    for (const b of built) {
      for (const listener of this.listeners) {
        try {
          listener(b.record)
        } catch (err) {
          this.deps.logger?.error('[sequencer] batch listener failed', err)
        }
      }
    }
    this.schedulePost()
    return built.map((b) => b.record)
  }

  /** Executes the batch after `head` over `store`; `record` is absent when nothing was executable. */
  private async buildBatch(head: BatchRecord, store: TrustedKvStore | StagedKvStore, skip: ReadonlySet<Hex>): Promise<Partial<BuiltBatch> & { removed: Hex[] }> {
    const { pool, priorityOps, config } = this.deps
    const number = head.number + 1
    const staged = store.stage()
    const execution = await BatchExecution.start(
      staged,
      { ...config.domain, batchNumber: BigInt(number), feeAccountIndex: config.feeAccountIndex },
      // No circuit witness: a prover job makes it when the batch is proven (relay/prover/batchCircuitInput.ts).
      { verifySignatures: false, witness: false },
    )
    const slots: SlotRecord[] = []
    const accounts: [bigint, number][] = []
    const taken: Hex[] = []
    const dropped: Hex[] = []
    const passed = (hash: Hex) => skip.has(hash) || taken.includes(hash) || dropped.includes(hash)
    let consumed = head.priorityOpsConsumed
    for (const op of await priorityOps.opsFrom(consumed, BATCH_SLOTS)) {
      try {
        const applied = await execution.apply({ kind: 'priority', op })
        slots.push({
          slot: applied.slot,
          kind: 'priority',
          hash: priorityOpHash(config.domain, consumed),
          type: op.opType,
          fromIndex: op.accountIndex,
          toIndex: 0,
          amount: op.amount,
          fee: 0n,
          nonce: null,
          fromAddress: op.l1Address,
          toAddress: null,
          signature: null,
          queueIndex: consumed,
        })
        accounts.push([op.l1Address, op.accountIndex])
        consumed++
      } catch (err) {
        // The queue order is fixed by L1: an op the executor refuses cannot be skipped here.
        this.deps.logger?.error(`[sequencer] priority op ${consumed} (packed ${packedOp(op)}) refused by the executor`, err)
        break
      }
    }

    let progress = true
    while (progress && execution.remainingSlots > 0) {
      progress = false
      for (const sender of pool.senders()) {
        if (execution.remainingSlots === 0) break
        const account = await execution.getAccount(sender.from)
        if (sender.lowestNonce < account.nonce) dropped.push(...pool.obsolete(sender.from, account.nonce).filter((h) => !passed(h)))
        const pooled = pool.executable(sender.from, account.nonce)
        if (!pooled || passed(pooled.hash)) continue
        const keyChanged = account.pubAx !== pooled.verifiedKey.pubAx || account.pubAy !== pooled.verifiedKey.pubAy
        if (keyChanged && !verifyTxSignature(pooled.tx, pooled.tx.signature, { pubAx: account.pubAx, pubAy: account.pubAy }, config.domain)) {
          dropped.push(pooled.hash)
          continue
        }
        try {
          const applied = await execution.apply({ kind: 'l2', tx: pooled.tx })
          const tx = pooled.tx
          slots.push({
            slot: applied.slot,
            kind: 'l2',
            hash: pooled.hash,
            type: tx.type,
            fromIndex: tx.from,
            toIndex: tx.to,
            amount: tx.amount,
            fee: tx.fee,
            nonce: tx.nonce,
            fromAddress: applied.from.address,
            toAddress: tx.type === 1 ? applied.to.address : applied.from.address,
            signature: tx.signature,
            queueIndex: null,
          })
          taken.push(pooled.hash)
          progress = true
        } catch (err) {
          if (err instanceof BatchFullError) break
          this.deps.logger?.info?.(`[sequencer] dropping ${pooled.hash}: ${(err as Error).message.split('\n')[0]}`)
          dropped.push(pooled.hash)
        }
      }
    }

    if (slots.length === 0) {
      execution.discard()
      return { removed: dropped }
    }
    const result = await execution.finalizeOutcome()
    await execution.commit()
    const timestamp = Math.max(Math.floor(this.now() / 1000), head.timestamp)
    const partial = {
      number,
      parentHash: head.hash,
      timestamp,
      stateRoot: result.newStateRoot,
      accInputHash: accInputHash(head.accInputHash, result.record),
      exitRoot: result.exitRoot,
    }
    const record: BatchRecord = {
      ...partial,
      hash: batchHash(partial),
      oldStateRoot: result.oldStateRoot,
      priorityOpCount: result.priorityOpCount,
      priorityOpsConsumed: consumed,
      publicInputs: result.publicInputs,
      feeAccountIndex: config.feeAccountIndex,
      totalFees: result.totalFees,
      record: result.record,
      slots,
    }
    return { record, staged, removed: [...taken, ...dropped], accounts }
  }

  private schedulePost(): void {
    this.enqueuePosting(() => this.postPending(), '[sequencer] posting failed')
  }

  /** Runs `step` after every post and reconciliation queued before it. */
  private enqueuePosting(step: () => Promise<void>, failure: string): Promise<void> {
    this.postingQueued++
    const run = this.posting.then(step)
    this.posting = run
      .catch((err: unknown) => this.deps.logger?.error(failure, err))
      .finally(() => {
        this.postingQueued--
      })
    return run
  }

  private async postPending(): Promise<void> {
    const { storage, sink } = this.deps
    const postedThrough = Number((await storage.getMeta('postedThrough')) ?? '0')
    const batches: BatchRecord[] = []
    for (let n = postedThrough + 1; n <= this.headRecord.number; n++) {
      const batch = this.unposted.get(n) ?? (await storage.getBatch(n))
      if (batch) batches.push(batch)
    }
    if (batches.length === 0) return
    const epoch = this.epoch
    await sink.post(batches, this.postAbort.signal)
    // A rewind since: these batches may be gone; the post after the rewind decides.
    if (epoch !== this.epoch) return
    const last = batches[batches.length - 1]!.number
    // Not synced on its own (one sync per posted group saved): lost in a power cut, it is only
    // older, and the sink skips the batches L1 already holds when they are posted again. Every
    // write that lowers it is durable, so it is never ahead of what L1 was told.
    await storage.setMetaLazily('postedThrough', String(last))
    for (const n of this.unposted.keys()) if (n <= last) this.unposted.delete(n)
  }
}
