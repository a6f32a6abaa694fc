/**
 * The light node's logic, platform-independent: it follows L1 through an `L1Source`, keeps its
 * state in any KVStore (IndexedDB in the browser, memory in tests), re-executes every sequenced
 * batch from its L1 record into the virtual account tree, checks the accumulated input hash
 * against L1's checkpoint, and when L1 verifies a batch compares L1's roots with its own and
 * verifies the proof with public inputs it computes itself.
 *
 * Sync proceeds in steps of at most `maxBlocksPerStep` L1 blocks. A step reads L1, works in an
 * in-memory overlay, then commits everything (tree, records, checkpoint, undo log) in one
 * atomic, strictly durable write: a tab closed mid-sync resumes from the last step. No L1 read
 * happens while a write is open. Each step keeps the previous value of every key it wrote, so
 * an L1 reorg (the checkpoint's block hash no longer on L1) rewinds step by step to a block L1
 * still has.
 */
import { GENESIS_ACC_INPUT_HASH, accInputHash } from '../../src/protocol/batch/accInputHash.js'
import { batchPublicInputs } from '../../src/protocol/batch/batchPublicInputs.js'
import type { DecodedBatchRecord } from '../../src/protocol/batch/batchRecord.js'
import { decodeBatchRecord, decodeBatchRecords } from '../../src/protocol/batch/decodeBatchRecords.js'
import { opHash } from '../../src/protocol/batch/opHash.js'
import { TxType, isL2TxType, isPriorityOpType } from '../../src/protocol/constants.js'
import { loadCrypto } from '../../src/protocol/crypto/loadCrypto.js'
import { type Account, EMPTY_ACCOUNT } from '../../src/protocol/account.js'
import { BaseError, InvalidParameterError, serializeError } from '../../src/protocol/errors.js'
import { executeBatchFromCalldata } from '../../src/protocol/executor/executeBatchFromCalldata.js'
import { exitProof } from '../../src/protocol/batch/exitTree.js'
import { type Hex, bigintToAddress, bytesToHex } from '../../src/protocol/field.js'
import type { KVBatchOp, KVStore } from '../../src/protocol/store/kvStore.js'
import { OverlayStore } from '../../src/protocol/store/overlayStore.js'
import { AccountTree } from '../../src/protocol/tree/accountTree.js'
import { emptyStateRoot } from '../../src/protocol/tree/zeroHashes.js'
import { unpackTx } from '../../src/protocol/tx/packTx.js'
import { L1ReadError } from '../../src/l1/errors.js'
import { ClaimNotAvailableError, DeploymentMismatchError, NodeNotRunningError, ReorgBeyondHistoryError } from '../errors.js'
import { StateUnavailableError } from '../../src/rpc/errors.js'
import type { Alarm, AlarmKind } from './alarms.js'
import { decodeRecord, encodeRecord } from './codec.js'
import type { L1BlockRef, L1Source, SequencedBatches, VerifiedBatches } from './l1Source.js'
import {
  type BatchMeta,
  type Checkpoint,
  type ClaimProof,
  type NodeConfig,
  type Step,
  type StoredOp,
  TREE_PREFIX,
  type TrustedBatch,
  type AccountVersion,
  keys,
} from './nodeRecords.js'
import type { ProofCheck, ProofVerifier } from './proofVerifier.js'
import { concatBytes } from '@noble/hashes/utils.js'

/** Consecutive inconsistent L1 reads before a sync round gives up (the next round starts afresh). */
const MAX_RETRIES = 5

/**
 * Proofs a step gathers from ready verifyBatches calls before checking them in one `verifyAll`:
 * a random linear combination costs one Miller loop per extra proof, against a pairing product
 * per call when each call is checked alone. A call is never split: the one that reaches this
 * number joins its group whole.
 */
export const PROOFS_PER_CHECK = 32

/** A store the node can write with strict durability (IdbStore); other stores ignore the option. */
export type NodeStore = KVStore & {
  batch(ops: readonly KVBatchOp[], options?: { durability?: 'strict' | 'relaxed' }): Promise<void>
}

/** How the node is set up. */
export type LightNodeOptions = {
  store: NodeStore
  l1: L1Source
  verifier: ProofVerifier
  config: NodeConfig
  /** L1 blocks read per step (default 500). */
  maxBlocksPerStep?: number
  /** Steps whose undo logs are kept for reorgs (default 256); older ones are dropped. */
  retainSteps?: number
}

/** The three states of a batch or an account, plus what the node could not settle. */
export type SettledState = 'trusted' | 'virtual' | 'consolidated' | 'alarm' | 'unknown'

/** A summary for the UI. */
export type NodeStatus = {
  syncedBlock: bigint
  lastSequencedBatch: bigint
  lastExecutedBatch: bigint
  lastVerifiedBatch: bigint
  lastConsolidatedBatch: bigint
  virtualStateRoot: bigint
  /** The root after lastConsolidatedBatch (the genesis root before any). */
  consolidatedStateRoot: bigint
  halted: boolean
  alarms: number
  reorgs: number
}

/** What one `step()` did. */
export type StepResult = { kind: 'synced'; toBlock: bigint } | { kind: 'rewound'; toBlock: bigint } | { kind: 'at-head' } | { kind: 'retry'; reason: string }

/** An account with the state its latest change is in. */
export type AccountState = { index: number; account: Account; state: SettledState; lastTouchedBatch: bigint | null }

/** The light node; see the module comment. Call `open()` first. */
export class LightNode {
  private readonly store: NodeStore
  private readonly l1: L1Source
  private readonly verifier: ProofVerifier
  private readonly config: NodeConfig
  private readonly maxBlocks: bigint
  private readonly retainSteps: number
  private opened = false
  private running: Promise<unknown> = Promise.resolve()
  private readonly listeners = new Set<() => void>()

  constructor(options: LightNodeOptions) {
    this.store = options.store
    this.l1 = options.l1
    this.verifier = options.verifier
    this.config = { ...options.config }
    this.maxBlocks = BigInt(options.maxBlocksPerStep ?? 500)
    this.retainSteps = options.retainSteps ?? 256
    if (this.maxBlocks < 1n) throw new InvalidParameterError({ parameter: 'maxBlocksPerStep', reason: 'expected at least 1' })
  }

  /** Loads crypto and the stored state (a fresh store starts at the deployment block). A store of another deployment is a DeploymentMismatchError. */
  async open(): Promise<void> {
    await loadCrypto()
    const stored = await this.read<NodeConfig>(keys.config)
    if (stored === undefined) {
      await this.store.batch(
        [
          { type: 'put', key: keys.config, value: encodeRecord(this.config) },
          { type: 'put', key: keys.checkpoint, value: encodeRecord(this.genesisCheckpoint()) },
          { type: 'put', key: keys.historySince, value: encodeRecord(0n) },
        ],
        { durability: 'strict' },
      )
    } else if (
      (stored.chainId === this.config.chainId && stored.rollupAddress === this.config.rollupAddress && stored.deployBlock === this.config.deployBlock) &&
      (await this.store.get(keys.historySince)) === undefined
    ) {
      // A database from before account versions were kept: they exist from its next batch on.
      const checkpoint = await this.read<Checkpoint>(keys.checkpoint)
      await this.store.batch([{ type: 'put', key: keys.historySince, value: encodeRecord((checkpoint?.lastExecutedBatch ?? 0n) + 1n) }], { durability: 'strict' })
    } else if (
      stored.chainId !== this.config.chainId ||
      stored.rollupAddress !== this.config.rollupAddress ||
      stored.deployBlock !== this.config.deployBlock
    ) {
      throw new DeploymentMismatchError({ stored, expected: this.config })
    }
    this.opened = true
  }

  /** Calls `listener` after every committed step or rewind; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private genesisCheckpoint(): Checkpoint {
    return {
      syncedBlock: this.config.deployBlock - 1n,
      syncedHash: null,
      stepSeq: 0,
      nextOpIndex: 0n,
      sequencedOpsEnd: 0n,
      lastSequencedBatch: 0n,
      accInputHash: GENESIS_ACC_INPUT_HASH,
      lastExecutedBatch: 0n,
      lastVerifiedBatch: 0n,
      lastConsolidatedBatch: 0n,
      halted: false,
    }
  }

  private async read<T>(key: string, store: KVStore = this.store): Promise<T | undefined> {
    const bytes = await store.get(key)
    return bytes === undefined ? undefined : decodeRecord<T>(bytes, key)
  }

  private assertOpen(): void {
    if (!this.opened) throw new NodeNotRunningError({ state: 'not opened' })
  }

  /** The stored checkpoint. */
  async checkpoint(): Promise<Checkpoint> {
    this.assertOpen()
    const checkpoint = await this.read<Checkpoint>(keys.checkpoint)
    if (checkpoint === undefined) throw new NodeNotRunningError({ state: 'missing its checkpoint' })
    return checkpoint
  }

  /** Runs steps until the node has processed L1's head (or `maxSteps` steps). */
  async syncToHead(maxSteps = Number.POSITIVE_INFINITY): Promise<void> {
    let retries = 0
    for (let steps = 0; steps < maxSteps; steps++) {
      const result = await this.step()
      if (result.kind === 'at-head') return
      retries = result.kind === 'retry' ? retries + 1 : 0
      if (retries >= MAX_RETRIES) throw new L1ReadError({ what: 'a consistent view of L1' }, { details: result.kind === 'retry' ? result.reason : undefined })
    }
  }

  /** One sync step (serialised: concurrent calls run one after the other). */
  step(): Promise<StepResult> {
    const next = this.running.then(() => this.runStep())
    this.running = next.catch(() => undefined)
    return next
  }

  private async runStep(): Promise<StepResult> {
    this.assertOpen()
    const checkpoint = await this.checkpoint()
    if (checkpoint.syncedHash !== null) {
      const onL1 = await this.l1Read('block hash', () => this.l1.blockHash(checkpoint.syncedBlock))
      if (onL1 !== checkpoint.syncedHash) return this.rewind()
    }
    const head = await this.l1Read('head', () => this.l1.head())
    if (head.number <= checkpoint.syncedBlock) return { kind: 'at-head' }
    const fromBlock = checkpoint.syncedBlock + 1n
    const toBlock = head.number < fromBlock + this.maxBlocks - 1n ? head.number : fromBlock + this.maxBlocks - 1n

    const hashBefore = await this.l1Read('block hash', () => this.l1.blockHash(toBlock))
    const [ops, sequenced, verified] = await Promise.all([
      this.l1Read('priority ops', () => this.l1.priorityOps(fromBlock, toBlock)),
      this.l1Read('sequenced batches', () => this.l1.sequencedBatches(fromBlock, toBlock)),
      this.l1Read('verified batches', () => this.l1.verifiedBatches(fromBlock, toBlock)),
    ])
    const hashAfter = await this.l1Read('block hash', () => this.l1.blockHash(toBlock))
    if (hashBefore === undefined || hashBefore !== hashAfter) return { kind: 'retry', reason: 'L1 changed while reading' }
    // Every event must come from the chain whose block `toBlock` is anchored: one hash read per block with events.
    const eventBlocks = new Map<bigint, Hex>([[toBlock, hashBefore]])
    for (const event of [...ops, ...sequenced, ...verified]) {
      if (event.block.number < fromBlock || event.block.number > toBlock) return { kind: 'retry', reason: 'an event outside the range' }
      const seen = eventBlocks.get(event.block.number)
      if (seen !== undefined && seen !== event.block.hash) return { kind: 'retry', reason: 'events from two forks' }
      eventBlocks.set(event.block.number, event.block.hash)
    }
    eventBlocks.delete(toBlock)
    const onL1 = await Promise.all([...eventBlocks.keys()].map((number) => this.l1Read('block hash', () => this.l1.blockHash(number))))
    if ([...eventBlocks.values()].some((hash, i) => onL1[i] !== hash)) return { kind: 'retry', reason: 'an event from another fork' }

    const work = new StepWork(this, new OverlayStore(this.store), checkpoint, toBlock, verified)
    for (const queued of ops) await work.storeOp(queued)
    for (const call of sequenced) await work.sequence(call)
    for (const call of verified) await work.verify(call)
    work.checkpoint.syncedBlock = toBlock
    work.checkpoint.syncedHash = hashBefore
    await this.commitStep(work, fromBlock, toBlock)
    return { kind: 'synced', toBlock }
  }

  private async l1Read<T>(what: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read()
    } catch (cause) {
      if (cause instanceof L1ReadError) throw cause
      throw new L1ReadError({ what }, { cause })
    }
  }

  private async commitStep(work: StepWork, fromBlock: bigint, toBlock: bigint): Promise<void> {
    const seq = work.checkpoint.stepSeq + 1
    work.checkpoint.stepSeq = seq
    await work.flush()
    await work.overlay.put(keys.checkpoint, encodeRecord(work.checkpoint))
    const ops = work.overlay.pendingOps()
    // Previous values are read before the write transaction opens: nothing awaits inside it.
    // All at once: a step that wrote thousands of new keys would otherwise wait for each read in turn.
    const previous = await Promise.all(ops.map((op) => this.store.get(op.key)))
    const undo: Step['undo'] = ops.map((op, i) => ({ key: op.key, value: previous[i] ?? null }))
    const step: Step = { seq, fromBlock, toBlock, undo }
    const writes: KVBatchOp[] = [...ops, { type: 'put', key: keys.step(seq), value: encodeRecord(step) }, ...work.durable]
    if (seq > this.retainSteps) writes.push({ type: 'del', key: keys.step(seq - this.retainSteps) })
    await this.store.batch(writes, { durability: 'strict' })
    this.notify()
  }

  /** Undoes steps, newest first, until the checkpoint's block is on L1 again. */
  private async rewind(): Promise<StepResult> {
    for (let undone = 0; ; undone++) {
      const checkpoint = await this.checkpoint()
      if (checkpoint.syncedHash === null) break
      const onL1 = await this.l1Read('block hash', () => this.l1.blockHash(checkpoint.syncedBlock))
      if (onL1 === checkpoint.syncedHash) break
      const step = await this.read<Step>(keys.step(checkpoint.stepSeq))
      if (step === undefined) throw new ReorgBeyondHistoryError({ block: checkpoint.syncedBlock, retainedSteps: this.retainSteps })
      const writes: KVBatchOp[] = step.undo.map(({ key, value }) => (value === null ? { type: 'del', key } : { type: 'put', key, value }))
      writes.push({ type: 'del', key: keys.step(step.seq) })
      // One reorg, however many steps it undoes.
      if (undone === 0) writes.push({ type: 'put', key: keys.reorgs, value: encodeRecord(((await this.read<number>(keys.reorgs)) ?? 0) + 1) })
      await this.store.batch(writes, { durability: 'strict' })
    }
    this.notify()
    return { kind: 'rewound', toBlock: (await this.checkpoint()).syncedBlock }
  }

  private notify(): void {
    for (const listener of this.listeners) listener()
  }

  /** Records what the relay says it sequenced as batch `batchNumber`; raises `relay-disagrees` at once if L1 already has another. */
  async noteTrustedBatch(trusted: TrustedBatch): Promise<void> {
    this.assertOpen()
    const meta = await this.read<BatchMeta>(keys.batch(trusted.batchNumber))
    const writes: KVBatchOp[] = [{ type: 'put', key: keys.trusted(trusted.batchNumber), value: encodeRecord(trusted) }]
    if (meta !== undefined && bytesToHex(meta.record) !== bytesToHex(trusted.record)) {
      const checkpoint = await this.checkpoint()
      const id = ((await this.read<number>(keys.alarmNext)) ?? 0) + 1
      writes.push({ type: 'put', key: keys.alarmNext, value: encodeRecord(id) })
      writes.push({ type: 'put', key: keys.alarm(id), value: encodeRecord(relayAlarm(id, trusted.batchNumber, checkpoint.syncedBlock)) })
      meta.alarms.push(id)
      if (meta.status === 'consolidated') meta.status = 'failed'
      writes.push({ type: 'put', key: keys.batch(meta.batchNumber), value: encodeRecord(meta) })
    }
    await this.store.batch(writes, { durability: 'strict' })
    this.notify()
  }

  /** Every alarm, oldest first. */
  async alarms(): Promise<Alarm[]> {
    this.assertOpen()
    const count = (await this.read<number>(keys.alarmNext)) ?? 0
    const alarms: Alarm[] = []
    for (let id = 1; id <= count; id++) {
      const alarm = await this.read<Alarm>(keys.alarm(id))
      if (alarm !== undefined) alarms.push(alarm)
    }
    return alarms
  }

  /** What the node knows about batch `n`, or undefined before L1 sequenced it. */
  async batch(n: bigint): Promise<BatchMeta | undefined> {
    this.assertOpen()
    return this.read<BatchMeta>(keys.batch(n))
  }

  /** The priority op queued on L1 under `opIndex`, as this node stored it, or undefined before the node saw it. */
  async priorityOp(opIndex: bigint): Promise<StoredOp | undefined> {
    this.assertOpen()
    return this.read<StoredOp>(keys.op(opIndex))
  }

  /** Batch `n`'s state: consolidated (verified on L1 and here), virtual (re-executed here), alarm, trusted (only the relay says so) or unknown. */
  async batchState(n: bigint): Promise<SettledState> {
    const meta = await this.batch(n)
    if (meta !== undefined) {
      if (meta.alarms.length > 0 || meta.status === 'failed') return 'alarm'
      if (meta.status === 'consolidated') return 'consolidated'
      if (meta.status === 'virtual') return 'virtual'
      return 'unknown'
    }
    return (await this.read<TrustedBatch>(keys.trusted(n))) === undefined ? 'unknown' : 'trusted'
  }

  /** The account at `index` in the virtual state, and the state its latest change is in. */
  async account(index: number): Promise<AccountState> {
    this.assertOpen()
    const account = await new AccountTree(this.store, { prefix: TREE_PREFIX }).getAccount(index)
    const lastTouchedBatch = (await this.read<bigint>(keys.touched(index))) ?? null
    const checkpoint = await this.checkpoint()
    let state: SettledState
    if (lastTouchedBatch === null) state = 'consolidated'
    else if (lastTouchedBatch <= checkpoint.lastConsolidatedBatch) state = 'consolidated'
    else state = await this.batchState(lastTouchedBatch)
    return { index, account, state, lastTouchedBatch }
  }

  /** The account index `address` owns, or undefined when no batch executed here created one for it. */
  async accountIndexOf(address: bigint): Promise<number | undefined> {
    this.assertOpen()
    return this.read<number>(keys.owner(address))
  }

  /**
   * The account at `index` as of `at`: `virtual` (every batch re-executed here) or `consolidated`
   * (up to the last batch verified on L1 and here). StateUnavailableError when this database
   * lacks the versions to answer (written before they were kept).
   */
  async accountAt(index: number, at: 'virtual' | 'consolidated'): Promise<{ account: Account; asOfBatch: bigint }> {
    this.assertOpen()
    const checkpoint = await this.checkpoint()
    const current = await new AccountTree(this.store, { prefix: TREE_PREFIX }).getAccount(index)
    if (at === 'virtual') return { account: current, asOfBatch: checkpoint.lastExecutedBatch }
    const asOfBatch = checkpoint.lastConsolidatedBatch
    const lastTouched = await this.read<bigint>(keys.touched(index))
    if (lastTouched === undefined || lastTouched <= asOfBatch) return { account: current, asOfBatch }
    const history = (await this.read<AccountVersion[]>(keys.history(index))) ?? []
    const version = history.findLast((v) => v.batch <= asOfBatch)
    if (version !== undefined) return { account: version.account, asOfBatch }
    // No version at or before asOfBatch: the account did not exist then, if versions were kept since before it.
    const keptSince = (await this.read<bigint>(keys.historySince)) ?? 0n
    if (history.length > 0 && asOfBatch >= keptSince) return { account: { ...EMPTY_ACCOUNT }, asOfBatch }
    throw new StateUnavailableError({ tag: `batch ${asOfBatch}`, reason: `this database kept account versions only from batch ${keptSince}` })
  }

  /**
   * The arguments of `Bridge.claim` for the exit in `slot` of batch `batchNumber`, from this node's
   * own re-execution; only for a batch consolidated here (ClaimNotAvailableError otherwise).
   */
  async claimProof(batchNumber: bigint, slot: number): Promise<ClaimProof> {
    const meta = await this.batch(batchNumber)
    const state = await this.batchState(batchNumber)
    if (meta === undefined || state !== 'consolidated') throw new ClaimNotAvailableError({ batchNumber, slot, reason: `the batch is ${state}, not consolidated` })
    const exit = meta.exits?.[slot] ?? null
    if (exit === null) throw new ClaimNotAvailableError({ batchNumber, slot, reason: 'the slot has no exit' })
    return { batchNumber, slotIndex: slot, recipient: bigintToAddress(exit.address), amount: exit.amount, siblings: exitProof(meta.exits!, slot) }
  }

  /** A summary for the UI. */
  async status(): Promise<NodeStatus> {
    const checkpoint = await this.checkpoint()
    const consolidated = checkpoint.lastConsolidatedBatch === 0n ? undefined : await this.batch(checkpoint.lastConsolidatedBatch)
    return {
      syncedBlock: checkpoint.syncedBlock,
      lastSequencedBatch: checkpoint.lastSequencedBatch,
      lastExecutedBatch: checkpoint.lastExecutedBatch,
      lastVerifiedBatch: checkpoint.lastVerifiedBatch,
      lastConsolidatedBatch: checkpoint.lastConsolidatedBatch,
      virtualStateRoot: await new AccountTree(this.store, { prefix: TREE_PREFIX }).root(),
      consolidatedStateRoot: consolidated?.newStateRoot ?? emptyStateRoot(),
      halted: checkpoint.halted,
      alarms: (await this.read<number>(keys.alarmNext)) ?? 0,
      reorgs: (await this.read<number>(keys.reorgs)) ?? 0,
    }
  }

  /** @internal the parts StepWork needs. */
  get internals() {
    return { config: this.config, verifier: this.verifier, read: this.read.bind(this) }
  }
}

function relayAlarm(id: number, batchNumber: bigint, l1Block: bigint): Alarm {
  return {
    id,
    kind: 'relay-disagrees',
    batchNumber,
    message: `The relay's trusted batch ${batchNumber} is not the batch L1 sequenced under that number.`,
    error: null,
    l1Block,
  }
}

/** The work of one step, in an overlay: nothing reaches the store until the step commits. */
class StepWork {
  /** Alarms and their counter: written with the step but never undone. */
  readonly durable: KVBatchOp[] = []
  private alarmNext: number | undefined
  private readonly histories = new Map<number, AccountVersion[]>()
  /** This step's verifyBatches calls whose batches are not all re-executed yet, oldest first. */
  private readonly upcoming: VerifiedBatches[]
  /** Ready calls (every batch re-executed) whose checks wait for later calls to join them, oldest first. */
  private pending: { call: VerifiedBatches; checks: ProofCheck[] }[] = []
  /** Proof checks started early, by call: each call's own checks and its slice of its group's results (see `startProofChecks`). */
  private readonly started = new Map<VerifiedBatches, { checks: ProofCheck[]; results: Promise<CheckResult[]> }>()

  constructor(
    private readonly node: LightNode,
    readonly overlay: OverlayStore,
    readonly checkpoint: Checkpoint,
    private readonly l1Block: bigint,
    verifications: readonly VerifiedBatches[] = [],
  ) {
    this.upcoming = [...verifications]
  }

  private get internals() {
    return this.node.internals
  }

  private async write(key: string, value: unknown): Promise<void> {
    await this.overlay.put(key, encodeRecord(value))
  }

  /**
   * An account's versions as this step has them, decoded once per step and written back by
   * `flush()`: while L1 verifies far behind what it sequenced, the list grows with every batch,
   * and decoding and re-encoding it per batch made a catch-up sync quadratic.
   */
  private async history(index: number): Promise<AccountVersion[]> {
    let history = this.histories.get(index)
    if (history === undefined) {
      history = (await this.internals.read<AccountVersion[]>(keys.history(index), this.overlay)) ?? []
      this.histories.set(index, history)
    }
    return history
  }

  /**
   * Prepares the proof checks of this step's next verifyBatches calls whose batches are all
   * re-executed, and starts them without waiting: the verifier (its own worker in the browser)
   * checks them while this step re-executes the batches after them. Ready calls are held back
   * until they have `PROOFS_PER_CHECK` proofs together or no call of this step is left to join
   * them (`verify` starts a call's group itself), so a catch-up checks many small calls in one
   * `verifyAll`.
   * `verify` later takes these results only if it arrives at exactly the same checks, so what a
   * batch's proof is checked against never changes.
   */
  private async startProofChecks(): Promise<void> {
    const { config } = this.internals
    while (this.upcoming.length > 0 && this.upcoming[0]!.lastBatch <= this.checkpoint.lastExecutedBatch) {
      const call = this.upcoming.shift()!
      if (BigInt(call.proofs.length) !== call.lastBatch - call.firstBatch + 1n) continue
      const checks: ProofCheck[] = []
      for (const [i, proof] of call.proofs.entries()) {
        const meta = await this.internals.read<BatchMeta>(keys.batch(call.firstBatch + BigInt(i)), this.overlay)
        if (meta === undefined || !isReexecuted(meta) || proof.newStateRoot !== meta.newStateRoot || proof.exitRoot !== meta.exitRoot) continue
        checks.push(proofCheck(config, meta, proof.proof))
      }
      if (checks.length > 0) this.pending.push({ call, checks })
    }
    const waiting = this.pending.reduce((sum, { checks }) => sum + checks.length, 0)
    if (waiting >= PROOFS_PER_CHECK || this.upcoming.length === 0) this.startPending()
  }

  /** Checks the pending calls' proofs in one `verifyChecks`; each call gets its own slice of the results. */
  private startPending(): void {
    if (this.pending.length === 0) return
    const results = verifyChecks(this.internals.verifier, this.pending.flatMap(({ checks }) => checks))
    let offset = 0
    for (const { call, checks } of this.pending) {
      const from = offset
      this.started.set(call, { checks, results: results.then((all) => all.slice(from, from + checks.length)) })
      offset += checks.length
    }
    this.pending = []
  }

  /** Writes what the step holds decoded into its overlay; call before the overlay's ops are read. */
  async flush(): Promise<void> {
    for (const [index, history] of this.histories) await this.write(keys.history(index), history)
    this.histories.clear()
  }

  private async alarm(kind: AlarmKind, batchNumber: bigint | null, message: string, error?: unknown): Promise<number> {
    this.alarmNext ??= (await this.internals.read<number>(keys.alarmNext)) ?? 0
    const id = ++this.alarmNext
    const alarm: Alarm = { id, kind, batchNumber, message, error: error === undefined ? null : serializeError(error), l1Block: this.l1Block }
    this.durable.push({ type: 'put', key: keys.alarm(id), value: encodeRecord(alarm) })
    const counter = this.durable.findIndex((op) => op.key === keys.alarmNext)
    if (counter >= 0) this.durable.splice(counter, 1)
    this.durable.push({ type: 'put', key: keys.alarmNext, value: encodeRecord(id) })
    return id
  }

  async storeOp(queued: { opIndex: bigint; op: StoredOp['op']; deadline: bigint; block: L1BlockRef }): Promise<void> {
    if (queued.opIndex !== this.checkpoint.nextOpIndex) {
      await this.alarm('l1-data-inconsistent', null, `L1 reported priority op ${queued.opIndex} where op ${this.checkpoint.nextOpIndex} was next.`)
      this.checkpoint.halted = true
      return
    }
    let hash: Hex
    try {
      hash = opHash(queued.op)
    } catch (error) {
      await this.alarm('l1-data-inconsistent', null, `L1 reported priority op ${queued.opIndex}, which the contract cannot have queued.`, error)
      this.checkpoint.halted = true
      return
    }
    const stored: StoredOp = { opIndex: queued.opIndex, op: queued.op, opHash: hash, deadline: queued.deadline, block: queued.block }
    await this.write(keys.op(queued.opIndex), stored)
    this.checkpoint.nextOpIndex++
  }

  async sequence(call: SequencedBatches): Promise<void> {
    const { config } = this.internals
    const first = this.checkpoint.lastSequencedBatch + 1n
    let records: DecodedBatchRecord[]
    try {
      if (call.firstBatch !== first || call.lastBatch < call.firstBatch) {
        throw new InvalidParameterError({ parameter: 'BatchesSequenced', reason: `batches ${call.firstBatch}–${call.lastBatch}, expected to start at ${first}` })
      }
      records = decodeBatchRecords(call.records)
      if (BigInt(records.length) !== call.lastBatch - call.firstBatch + 1n) {
        throw new InvalidParameterError({ parameter: 'sequenceBatches calldata', reason: `${records.length} records for batches ${call.firstBatch}–${call.lastBatch}` })
      }
    } catch (error) {
      await this.alarm('l1-data-inconsistent', first, `The sequenceBatches call in L1 block ${call.block.number} is not what the contract accepts.`, error)
      this.checkpoint.halted = true
      return
    }
    // The records must hash to L1's checkpoint before anything is executed from them.
    let acc = this.checkpoint.accInputHash
    const hashes = records.map((record) => (acc = accInputHash(acc, record.bytes)))
    const accMatches = acc === call.accInputHash.toLowerCase()
    const accAlarm = accMatches
      ? undefined
      : await this.alarm('l1-data-inconsistent', call.firstBatch, `The records of batches ${call.firstBatch}–${call.lastBatch} do not hash to L1's accumulated input hash: the L1 endpoint altered them.`)
    if (!accMatches) this.checkpoint.halted = true

    for (const [i, record] of records.entries()) {
      const batchNumber = call.firstBatch + BigInt(i)
      const meta: BatchMeta = {
        batchNumber,
        record: record.bytes,
        sequencedIn: { block: call.block, txHash: call.txHash },
        accInputHash: hashes[i]!,
        status: 'unexecuted',
        oldStateRoot: null,
        newStateRoot: null,
        exitRoot: null,
        exits: null,
        verifiedIn: null,
        proofCheckMs: null,
        proofCheckedWith: null,
        alarms: accAlarm === undefined ? [] : [accAlarm],
      }
      const trusted = await this.internals.read<TrustedBatch>(keys.trusted(batchNumber), this.overlay)
      if (trusted !== undefined && bytesToHex(trusted.record) !== bytesToHex(record.bytes)) {
        meta.alarms.push(await this.alarm('relay-disagrees', batchNumber, `The relay's trusted batch ${batchNumber} is not the batch L1 sequenced under that number.`))
      }
      if (!this.checkpoint.halted) await this.execute(meta, record, config)
      await this.write(keys.batch(batchNumber), meta)
      await this.startProofChecks()
    }
    this.checkpoint.lastSequencedBatch = call.lastBatch
    this.checkpoint.accInputHash = accMatches ? acc : this.checkpoint.accInputHash
  }

  private async execute(meta: BatchMeta, record: DecodedBatchRecord, config: NodeConfig): Promise<void> {
    const priority = record.slots.filter((slot) => isPriorityOpType(Number(slot & 7n))).length
    const expectedOpHashes: Hex[] = []
    for (let k = 0; k < priority; k++) {
      const stored = await this.internals.read<StoredOp>(keys.op(this.checkpoint.sequencedOpsEnd + BigInt(k)), this.overlay)
      if (stored !== undefined) expectedOpHashes.push(stored.opHash)
    }
    try {
      const result = await executeBatchFromCalldata(
        this.overlay,
        { chainId: config.chainId, rollupAddress: config.rollupAddress, batchNumber: meta.batchNumber },
        record,
        { treePrefix: TREE_PREFIX, expectedOpHashes, witness: false },
      )
      meta.status = 'virtual'
      meta.oldStateRoot = result.oldStateRoot
      meta.newStateRoot = result.newStateRoot
      meta.exitRoot = result.exitRoot
      meta.exits = result.exitLeaves
      this.checkpoint.sequencedOpsEnd += BigInt(result.priorityOpCount)
      this.checkpoint.lastExecutedBatch = meta.batchNumber
      const tree = new AccountTree(this.overlay, { prefix: TREE_PREFIX })
      for (const index of touchedAccounts(record)) {
        await this.write(keys.touched(index), meta.batchNumber)
        const account = await tree.getAccount(index)
        if (account.address !== 0n) await this.write(keys.owner(account.address), index)
        // Keep the versions a 'consolidated' read may need: every newer one and the newest consolidated one.
        const history = await this.history(index)
        const settled = history.findLastIndex((version) => version.batch <= this.checkpoint.lastConsolidatedBatch)
        if (settled > 0) history.splice(0, settled)
        history.push({ batch: meta.batchNumber, account })
      }
    } catch (error) {
      if (!(error instanceof BaseError)) throw error
      meta.status = 'failed'
      meta.alarms.push(await this.alarm('reexecution-diverged', meta.batchNumber, `Batch ${meta.batchNumber} breaks a protocol rule when re-executed: ${error.shortMessage}`, error))
      this.checkpoint.halted = true
    }
  }

  async verify(call: VerifiedBatches): Promise<void> {
    const { config, verifier } = this.internals
    const first = this.checkpoint.lastVerifiedBatch + 1n
    const count = call.lastBatch - call.firstBatch + 1n
    const metas: BatchMeta[] = []
    let inconsistency: string | undefined
    if (call.firstBatch !== first || count < 1n) inconsistency = `batches ${call.firstBatch}–${call.lastBatch} verified, ${first} was next`
    else if (BigInt(call.proofs.length) !== count) inconsistency = `${call.proofs.length} proofs for ${count} batches`
    else {
      for (let n = call.firstBatch; n <= call.lastBatch; n++) {
        const meta = await this.internals.read<BatchMeta>(keys.batch(n), this.overlay)
        if (meta === undefined) {
          inconsistency = `batch ${n} was verified before it was sequenced`
          break
        }
        metas.push(meta)
      }
      if (inconsistency === undefined) {
        const sequencedBytes = bytesToHex(concatBytes(...metas.map((meta) => meta.record)))
        if (sequencedBytes !== bytesToHex(call.records)) inconsistency = 'the verified records are not the sequenced ones'
        else if (call.proofs[call.proofs.length - 1]!.newStateRoot !== call.stateRoot) inconsistency = "the event's state root is not the last proof's"
      }
    }
    if (inconsistency !== undefined) {
      const id = await this.alarm('l1-data-inconsistent', first, `The verifyBatches call in L1 block ${call.block.number} is not what the contract accepts: ${inconsistency}.`)
      for (const meta of metas) {
        meta.alarms.push(id)
        await this.write(keys.batch(meta.batchNumber), meta)
      }
      this.checkpoint.halted = true
      return
    }

    const checks: { meta: BatchMeta; check: ProofCheck }[] = []
    for (const [i, meta] of metas.entries()) {
      const proof = call.proofs[i]!
      meta.verifiedIn = { block: call.block, txHash: call.txHash, newStateRoot: proof.newStateRoot, exitRoot: proof.exitRoot }
      if (!isReexecuted(meta)) {
        // Not re-executed here (an earlier alarm halted execution): it can never be verified here.
        continue
      }
      if (proof.newStateRoot !== meta.newStateRoot || proof.exitRoot !== meta.exitRoot) {
        meta.alarms.push(
          await this.alarm('l1-roots-differ', meta.batchNumber, `L1 accepted roots for batch ${meta.batchNumber} that are not the ones this node computed.`),
        )
        continue
      }
      checks.push({ meta, check: proofCheck(config, meta, proof.proof) })
    }

    // Calls whose batches an earlier step re-executed become ready here; a call still waiting
    // for others starts its group now, as it is (nothing after this call is waited for).
    await this.startProofChecks()
    if (this.pending.some((waiting) => waiting.call === call)) this.startPending()
    // Checks started early are used only when they are exactly these.
    const early = this.started.get(call)
    const wanted = checks.map(({ check }) => check)
    const results = early !== undefined && sameChecks(early.checks, wanted) ? await early.results : await verifyChecks(verifier, wanted)
    for (const [i, { meta }] of checks.entries()) {
      const { outcome, ms, checkedWith } = results[i]!
      meta.proofCheckMs = ms
      meta.proofCheckedWith = checkedWith
      if (outcome === true) continue
      meta.alarms.push(
        await this.alarm(
          'proof-invalid',
          meta.batchNumber,
          `The proof L1 accepted for batch ${meta.batchNumber} does not verify with the public inputs this node computed.`,
          outcome === false ? undefined : outcome,
        ),
      )
    }
    for (const meta of metas) {
      if (meta.status === 'virtual' && meta.alarms.length === 0) meta.status = 'consolidated'
      await this.write(keys.batch(meta.batchNumber), meta)
    }
    this.checkpoint.lastVerifiedBatch = call.lastBatch
    for (;;) {
      const next = this.checkpoint.lastConsolidatedBatch + 1n
      const meta = next > call.lastBatch ? undefined : await this.internals.read<BatchMeta>(keys.batch(next), this.overlay)
      if (meta?.status !== 'consolidated') break
      this.checkpoint.lastConsolidatedBatch = next
    }
  }
}

type ReexecutedMeta = BatchMeta & { status: 'virtual'; oldStateRoot: bigint; newStateRoot: bigint; exitRoot: bigint }

/** True for a batch this node re-executed and has not raised an alarm on. */
function isReexecuted(meta: BatchMeta): meta is ReexecutedMeta {
  return meta.status === 'virtual' && meta.newStateRoot !== null && meta.oldStateRoot !== null && meta.exitRoot !== null
}

/** L1's proof of a batch with the public inputs from this node's re-execution and L1's record, never from a relay. */
function proofCheck(config: NodeConfig, meta: ReexecutedMeta, proof: readonly bigint[]): ProofCheck {
  const publicInputs = batchPublicInputs({
    chainId: config.chainId,
    rollupAddress: config.rollupAddress,
    batchNumber: meta.batchNumber,
    oldStateRoot: meta.oldStateRoot,
    newStateRoot: meta.newStateRoot,
    exitRoot: meta.exitRoot,
    record: decodeBatchRecord(meta.record),
  })
  return { proof, publicInputs }
}

const sameWords = (a: readonly bigint[], b: readonly bigint[]) => a.length === b.length && a.every((word, i) => word === b[i])

/** True if both lists check the same proofs against the same public inputs, in the same order. */
function sameChecks(a: readonly ProofCheck[], b: readonly ProofCheck[]): boolean {
  return a.length === b.length && a.every((check, i) => sameWords(check.proof, b[i]!.proof) && sameWords(check.publicInputs, b[i]!.publicInputs))
}

/** One proof's outcome: true (verifies), false (does not) or the error the verifier threw; and what the check cost. */
type CheckResult = { outcome: boolean | unknown; ms: number; checkedWith: number }

const now = () => globalThis.performance.now()

/**
 * Verifies every check (one call's, or several calls' together), all at once when the verifier
 * can (a proof's time is then its share of the batch check, `checkedWith` its size), else one
 * by one, which also names the culprit of a failed batch check.
 */
async function verifyChecks(verifier: ProofVerifier, checks: readonly ProofCheck[]): Promise<CheckResult[]> {
  if (checks.length === 0) return []
  if (checks.length > 1 && verifier.verifyAll !== undefined) {
    const started = now()
    try {
      if (await verifier.verifyAll(checks)) {
        const ms = (now() - started) / checks.length
        return checks.map(() => ({ outcome: true, ms, checkedWith: checks.length }))
      }
    } catch {
      // Fall through: one by one names the culprit.
    }
  }
  const results: CheckResult[] = []
  for (const check of checks) {
    const started = now()
    let outcome: boolean | unknown
    try {
      outcome = await verifier.verify(check)
    } catch (error) {
      outcome = error
    }
    results.push({ outcome, ms: now() - started, checkedWith: 1 })
  }
  return results
}

function touchedAccounts(record: DecodedBatchRecord): Set<number> {
  const touched = new Set<number>()
  let feePaid = false
  for (const slot of record.slots) {
    const fields = unpackTx(slot)
    if (fields.type === TxType.NOOP) continue
    touched.add(fields.fromIndex)
    if (fields.type === TxType.TRANSFER) touched.add(fields.toIndex)
    if (isL2TxType(fields.type) && fields.fee > 0n) feePaid = true
  }
  if (feePaid) touched.add(record.feeAccountIndex)
  return touched
}
