/**
 * A batch being executed: slots are applied one at a time, each atomically (a rejected slot
 * changes nothing and the batch goes on), then `finalize()` pads with NOOPs, credits the fees
 * and computes the L1 record, the public inputs and the circuit input, and `commit()` writes the whole batch
 * to the store in one atomic batch. Until `commit()` the store is untouched.
 *
 * The sequencer drives this directly (apply pool transactions, drop the rejected ones);
 * `executeBatch`, `executeBatchFromCalldata` and `simulateTx` are thin wrappers.
 */
import type { Account } from '../account.js'
import { batchPublicInputs } from '../batch/batchPublicInputs.js'
import type { BatchRecord } from '../batch/batchRecord.js'
import { encodeBatchRecord } from '../batch/encodeBatchRecord.js'
import { exitRoot } from '../batch/exitTree.js'
import { BATCH_SLOTS, MAX_AMOUNT } from '../constants.js'
import { AmountOutOfRangeError, BatchClosedError, BatchFullError, InvalidParameterError, UnknownAccountError } from '../errors.js'
import { assertFieldElement } from '../field.js'
import { OverlayStore } from '../store/overlayStore.js'
import type { KVStore } from '../store/kvStore.js'
import { AccountTree, assertAccountIndex } from '../tree/accountTree.js'
import { assertChainDomain } from '../tx/l2Tx.js'
import type { PriorityOp } from '../tx/priorityOp.js'
import { type SlotEffect, applySlot } from './applySlot.js'
import { buildCircuitInput } from './circuitInput.js'
import type { AppliedSlot, BatchContext, BatchOutcome, BatchResult, ExecutionOptions, SlotItem } from './types.js'

type ExecutionState = 'open' | 'finalized' | 'committed' | 'discarded'

/** An in-progress batch over a store; see the module comment. Needs `loadCrypto()`. */
export class BatchExecution {
  readonly context: BatchContext
  readonly options: ExecutionOptions
  /** The state root before the batch. */
  readonly oldStateRoot: bigint

  private readonly overlay: OverlayStore
  private readonly effects: SlotEffect[] = []
  private fees = 0n
  private state: ExecutionState = 'open'
  private result: BatchResult | undefined

  private constructor(store: KVStore, context: BatchContext, options: ExecutionOptions, oldStateRoot: bigint) {
    this.context = context
    this.options = options
    this.overlay = new OverlayStore(store)
    this.oldStateRoot = oldStateRoot
  }

  /** Starts a batch over `store` (which is not written until `commit()`). */
  static async start(store: KVStore, context: BatchContext, options: ExecutionOptions = {}): Promise<BatchExecution> {
    assertChainDomain(context)
    assertFieldElement(context.batchNumber, 'batchNumber')
    assertAccountIndex(context.feeAccountIndex, 'feeAccountIndex')
    const oldStateRoot = await new AccountTree(store, { prefix: options.treePrefix }).root()
    return new BatchExecution(store, { ...context }, { ...options }, oldStateRoot)
  }

  private tree(store: KVStore): AccountTree {
    return new AccountTree(store, { prefix: this.options.treePrefix })
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new BatchClosedError({ state: this.state })
  }

  /** Slots applied so far. */
  get slotCount(): number {
    return this.effects.length
  }

  /** Slots still free. */
  get remainingSlots(): number {
    return BATCH_SLOTS - this.effects.length
  }

  /** Fees collected so far. */
  get totalFees(): bigint {
    return this.fees
  }

  /** The account at `index` in the batch's current state. */
  async getAccount(index: number): Promise<Account> {
    return this.tree(this.overlay).getAccount(index)
  }

  /** The state root after the slots applied so far. */
  async stateRoot(): Promise<bigint> {
    return this.tree(this.overlay).root()
  }

  /**
   * Applies one slot atomically. Throws BatchFullError when BATCH_SLOTS are used, or the typed
   * error of the first rule the item breaks; in both cases the batch is unchanged.
   */
  async apply(item: SlotItem): Promise<AppliedSlot> {
    this.assertOpen()
    if (this.effects.length >= BATCH_SLOTS) throw new BatchFullError({ slots: BATCH_SLOTS })
    const scratch = new OverlayStore(this.overlay)
    const effect = await applySlot(this.tree(scratch), this.context, item, this.options)
    // Everything that can throw has run; only now does the slot become part of the batch.
    await scratch.commit()
    this.fees += effect.fee
    this.effects.push(effect)
    return {
      slot: this.effects.length - 1,
      fields: effect.fields,
      packed: effect.packed,
      fee: effect.fee,
      exit: effect.exit,
      from: effect.fromAfter,
      to: effect.toAfter,
    }
  }

  /**
   * Pads the remaining slots with NOOP, credits the fees to the fee account (which must exist
   * when fees are not zero, §6.3) and computes the batch's record, public inputs and circuit input.
   * Throws UnknownAccountError / AmountOutOfRangeError for the fee credit, leaving the batch open.
   */
  async finalize(): Promise<BatchResult> {
    if (this.options.witness === false) {
      throw new InvalidParameterError({ parameter: 'witness', reason: 'the batch was executed without its circuit witness: finish it with finalizeOutcome()' })
    }
    return (await this.close(true)) as BatchResult
  }

  /** `finalize()` without the circuit input: how a batch executed with `witness: false` is finished. */
  async finalizeOutcome(): Promise<BatchOutcome> {
    return this.close(false)
  }

  private async close(withCircuitInput: boolean): Promise<BatchOutcome | BatchResult> {
    this.assertOpen()
    const scratch = new OverlayStore(this.overlay)
    const tree = this.tree(scratch)
    const effects = [...this.effects]
    while (effects.length < BATCH_SLOTS) effects.push(await applySlot(tree, this.context, { kind: 'noop' }, this.options))

    // The fee leaf is read after the last slot and rewritten unchanged when no fee was paid.
    const feeIndex = this.context.feeAccountIndex
    const feeLeaf = withCircuitInput ? await tree.getAccountWithProof(feeIndex) : { index: feeIndex, account: await tree.getAccount(feeIndex), siblings: [] }
    if (this.fees > 0n) {
      if (feeLeaf.account.address === 0n) throw new UnknownAccountError({ accountIndex: feeIndex, role: 'fee' })
      const balance = feeLeaf.account.balance + this.fees
      if (balance >= MAX_AMOUNT) throw new AmountOutOfRangeError({ what: `balance of fee account ${feeIndex}`, value: balance })
      await tree.writeAccount(feeIndex, { ...feeLeaf.account, balance })
    }
    const newStateRoot = await tree.root()

    const packedTxs = effects.map((effect) => effect.packed)
    const exitLeaves = effects.map((effect) => effect.exit)
    const priorityOps = effects.flatMap((effect): PriorityOp[] => (effect.op ? [effect.op] : []))
    const exits = exitRoot(exitLeaves)
    // Trailing NOOPs are not posted (§6.1): the contract and the circuit read them as 0.
    let used = packedTxs.length
    while (used > 0 && packedTxs[used - 1] === 0n) used--
    const record: BatchRecord = {
      feeAccountIndex: feeIndex,
      slots: packedTxs.slice(0, used),
      opData: priorityOps.map(({ l1Address, pubAx, pubAy }) => ({ l1Address, pubAx, pubAy })),
    }
    const publicInputs = batchPublicInputs({
      chainId: this.context.chainId,
      rollupAddress: this.context.rollupAddress,
      batchNumber: this.context.batchNumber,
      oldStateRoot: this.oldStateRoot,
      newStateRoot,
      exitRoot: exits,
      record,
    })
    const outcome: BatchOutcome = {
      context: { ...this.context },
      oldStateRoot: this.oldStateRoot,
      newStateRoot,
      priorityOpCount: priorityOps.length,
      priorityOps,
      exitRoot: exits,
      exitLeaves,
      packedTxs,
      record: encodeBatchRecord(record),
      publicInputs,
      totalFees: this.fees,
    }
    const result = withCircuitInput
      ? {
          ...outcome,
          circuitInput: buildCircuitInput({
            context: this.context,
            oldStateRoot: this.oldStateRoot,
            newStateRoot,
            exitRoot: exits,
            slots: effects.map((effect) => effect.witness),
            feeLeaf,
          }),
        }
      : outcome
    await scratch.commit()
    this.state = 'finalized'
    if (withCircuitInput) this.result = result as BatchResult
    return result
  }

  /** Writes the finalized batch's state to the store in one atomic batch. */
  async commit(): Promise<void> {
    if (this.state !== 'finalized') throw new BatchClosedError({ state: this.state === 'open' ? 'not finalized' : this.state })
    await this.overlay.commit()
    this.state = 'committed'
  }

  /** Drops everything; the store was never written. */
  discard(): void {
    this.overlay.discard()
    this.state = 'discarded'
  }

  /** The result of `finalize()`, once it has succeeded (undefined after `finalizeOutcome()`). */
  get finalized(): BatchResult | undefined {
    return this.result
  }
}
