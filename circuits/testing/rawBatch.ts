/**
 * A rule-free model of the batch circuit's arithmetic, for failing-witness tests.
 *
 * The protocol executor refuses every invalid batch, so it cannot build the witness of an
 * overdraft or a forged signature. This builder applies the circuit's update formulas
 * (PROTOCOL.md §4–§7) mod r *without checking any rule*, and computes every root, chain and
 * the public input hash consistently with what it applied. A witness it builds is therefore
 * rejected only because of the rule it breaks, not because some hash is stale. For valid
 * batches it must agree with the executor bit for bit (batch.test.ts checks that), which is
 * what makes it a trustworthy baseline.
 */
import { type L2PrivateKey, type Signature, signPoseidon } from '../../src/protocol/crypto/eddsa.js'
import { poseidon } from '../../src/protocol/crypto/poseidon.js'
import { ACCOUNT_TREE_DEPTH, BATCH_SLOTS, SNARK_SCALAR_FIELD } from '../../src/protocol/constants.js'
import { zeroHashes } from '../../src/protocol/tree/zeroHashes.js'

const r = SNARK_SCALAR_FIELD

/** x mod r in [0, r). */
export const mod = (x: bigint): bigint => ((x % r) + r) % r

const hash = (...inputs: bigint[]): bigint => poseidon(inputs.map(mod))

export type RawAccount = { address: bigint; balance: bigint; nonce: bigint; pubAx: bigint; pubAy: bigint }

export const EMPTY_RAW_ACCOUNT: Readonly<RawAccount> = Object.freeze({
  address: 0n, balance: 0n, nonce: 0n, pubAx: 0n, pubAy: 0n,
})

const leafOf = (a: RawAccount): bigint => hash(a.address, a.balance, a.nonce, a.pubAx, a.pubAy)

/** In-memory sparse Poseidon Merkle tree of field-valued accounts (no range checks at all). */
export class RawTree {
  private readonly accounts = new Map<number, RawAccount>()
  /** nodes[h]: position → hash, for the positions that differ from the default Z[h]. */
  private readonly nodes: Map<number, bigint>[] = Array.from({ length: ACCOUNT_TREE_DEPTH + 1 }, () => new Map())

  static from(accounts: Iterable<readonly [number, RawAccount]>): RawTree {
    const tree = new RawTree()
    for (const [index, account] of accounts) tree.set(index, account)
    return tree
  }

  clone(): RawTree {
    return RawTree.from(this.accounts)
  }

  get(index: number): RawAccount {
    return { ...(this.accounts.get(index) ?? EMPTY_RAW_ACCOUNT) }
  }

  set(index: number, account: RawAccount): void {
    this.accounts.set(index, { ...account })
    let node = leafOf(account)
    let position = index
    for (let h = 0; h < ACCOUNT_TREE_DEPTH; h++) {
      this.nodes[h]!.set(position, node)
      const sibling = this.node(h, position ^ 1)
      node = position & 1 ? hash(sibling, node) : hash(node, sibling)
      position >>= 1
    }
    this.nodes[ACCOUNT_TREE_DEPTH]!.set(0, node)
  }

  root(): bigint {
    return this.node(ACCOUNT_TREE_DEPTH, 0)
  }

  siblings(index: number): bigint[] {
    return Array.from({ length: ACCOUNT_TREE_DEPTH }, (_, h) => this.node(h, (index >> h) ^ 1))
  }

  private node(height: number, position: number): bigint {
    return this.nodes[height]!.get(position) ?? zeroHashes()[height]!
  }
}

/** One slot, as raw field values. Omitted signature / op data are zeros, as in §7.3. */
export type RawSlot = {
  type: bigint
  fromIndex: bigint
  toIndex: bigint
  amount: bigint
  fee: bigint
  signature?: Signature
  /** Sign the slot while building it, over the txHash the circuit computes (or a variant). */
  sign?: { key: L2PrivateKey; nonce?: bigint; chainId?: bigint; rollupAddress?: bigint }
  op?: { address: bigint; pubAx: bigint; pubAy: bigint }
  /** Replace the from-leaf the witness presents (a lie about the state; the root is not updated). */
  presentFrom?: Partial<RawAccount>
}

export const NOOP_SLOT: RawSlot = { type: 0n, fromIndex: 0n, toIndex: 0n, amount: 0n, fee: 0n }

export type RawContext = {
  chainId: bigint
  rollupAddress: bigint
  batchNumber: bigint
  feeAccountIndex: bigint
  oldPriorityHash: bigint
}

/** The ten values of §7.1 hashed into the public input. */
export type PublicValues = {
  chainId: bigint
  rollupAddress: bigint
  batchNumber: bigint
  oldStateRoot: bigint
  newStateRoot: bigint
  oldPriorityHash: bigint
  newPriorityHash: bigint
  dataCommitment: bigint
  exitRoot: bigint
  feeAccountIndex: bigint
}

export type RawCircuitInput = Record<string, bigint | bigint[] | bigint[][]>

export type RawBatch = {
  input: RawCircuitInput
  /** What the circuit computes from this witness. */
  computed: PublicValues
  /** What the public input hash commits to (computed, unless overridden: "what L1 expects"). */
  committed: PublicValues
  publicInputHash: bigint
  /** The state after the batch, as the circuit computes it. */
  tree: RawTree
}

/** publicInputHash = Poseidon(h1, h2) of §7.1. */
export function publicHashOf(v: PublicValues): bigint {
  const h1 = hash(v.chainId, v.rollupAddress, v.batchNumber, v.oldStateRoot, v.newStateRoot)
  const h2 = hash(v.oldPriorityHash, v.newPriorityHash, v.dataCommitment, v.exitRoot, v.feeAccountIndex)
  return hash(h1, h2)
}

/** packed = type + from·2^3 + to·2^19 + amount·2^35 + fee·2^99, mod r. */
export function packRaw(slot: Pick<RawSlot, 'type' | 'fromIndex' | 'toIndex' | 'amount' | 'fee'>): bigint {
  return mod(slot.type + (slot.fromIndex << 3n) + (slot.toIndex << 19n) + (slot.amount << 35n) + (slot.fee << 99n))
}

const INDEX_MASK = (1 << ACCOUNT_TREE_DEPTH) - 1

/**
 * Apply `slots` (padded with NOOPs) to a copy of `tree` with the circuit's formulas and return
 * the witness input. `commit` replaces public values in the hashed public input only: it
 * models an L1 contract that expects something else than what the slots produce.
 */
export function buildRawBatch(parameters: {
  tree: RawTree
  context: RawContext
  slots: readonly RawSlot[]
  commit?: Partial<PublicValues>
}): RawBatch {
  const { context } = parameters
  const tree = parameters.tree.clone()
  const slots = [...parameters.slots]
  while (slots.length < BATCH_SLOTS) slots.push(NOOP_SLOT)
  if (slots.length !== BATCH_SLOTS) throw new Error(`at most ${BATCH_SLOTS} slots`)

  const oldStateRoot = tree.root()
  const columns: Record<string, bigint[]> = {}
  const fromSiblings: bigint[][] = []
  const toSiblings: bigint[][] = []
  const push = (name: string, value: bigint) => (columns[name] ??= []).push(mod(value))
  let priorityHash = context.oldPriorityHash
  let dataHash = 0n
  let feeSum = 0n
  const exitLeaves: bigint[] = []

  for (const slot of slots) {
    const is = (k: bigint) => (slot.type === k ? 1n : 0n)
    const [isTransfer, isWithdraw, isDeposit, isRegisterKey, isForcedExit] = [1n, 2n, 3n, 4n, 5n].map(is) as [
      bigint, bigint, bigint, bigint, bigint,
    ]
    const isL2 = isTransfer + isWithdraw
    const isPriority = isDeposit + isRegisterKey + isForcedExit
    const op = slot.op ?? { address: 0n, pubAx: 0n, pubAy: 0n }
    const packed = packRaw(slot)
    const fromIndex = Number(slot.fromIndex & BigInt(INDEX_MASK))
    const toIndex = Number(slot.toIndex & BigInt(INDEX_MASK))

    // From-update.
    const from = { ...tree.get(fromIndex), ...slot.presentFrom }
    let signature = slot.signature ?? { R8x: 0n, R8y: 0n, S: 0n }
    if (slot.sign) {
      const message = hash(
        packed,
        slot.sign.nonce ?? from.nonce,
        slot.sign.chainId ?? context.chainId,
        slot.sign.rollupAddress ?? context.rollupAddress,
      )
      signature = signPoseidon(slot.sign.key, message)
    }
    const opHasKey = op.pubAx !== 0n || op.pubAy !== 0n ? 1n : 0n
    const setsKey = (isDeposit + isRegisterKey) * opHasKey
    const newFrom: RawAccount = {
      address: isPriority ? op.address : from.address,
      balance: mod(from.balance + (isDeposit - isL2) * slot.amount - slot.fee - isForcedExit * from.balance),
      nonce: mod(from.nonce + isL2),
      pubAx: setsKey ? op.pubAx : from.pubAx,
      pubAy: setsKey ? op.pubAy : from.pubAy,
    }
    fromSiblings.push(tree.siblings(fromIndex))
    tree.set(fromIndex, newFrom)

    // To-update (reads the state after the from-update).
    const to = tree.get(toIndex)
    toSiblings.push(tree.siblings(toIndex))
    tree.set(toIndex, { ...to, balance: mod(to.balance + isTransfer * slot.amount) })

    for (const [name, value] of Object.entries({
      txType: slot.type, fromIndex: slot.fromIndex, toIndex: slot.toIndex, amount: slot.amount, fee: slot.fee,
      sigR8x: signature.R8x, sigR8y: signature.R8y, sigS: signature.S,
      opAddress: op.address, opPubAx: op.pubAx, opPubAy: op.pubAy,
      fromAddress: from.address, fromBalance: from.balance, fromNonce: from.nonce,
      fromPubAx: from.pubAx, fromPubAy: from.pubAy,
      toAddress: to.address, toBalance: to.balance, toNonce: to.nonce, toPubAx: to.pubAx, toPubAy: to.pubAy,
    })) push(name, value)

    if (isPriority) priorityHash = hash(priorityHash, packed, op.address, op.pubAx, op.pubAy)
    dataHash = hash(dataHash, packed)
    exitLeaves.push(
      isWithdraw || isForcedExit ? hash(from.address, isWithdraw * slot.amount + isForcedExit * from.balance) : 0n,
    )
    feeSum += slot.fee
  }

  // Fee credit after the last slot.
  const feeIndex = Number(context.feeAccountIndex & BigInt(INDEX_MASK))
  const feeLeaf = tree.get(feeIndex)
  const feeSiblings = tree.siblings(feeIndex)
  tree.set(feeIndex, { ...feeLeaf, balance: mod(feeLeaf.balance + feeSum) })

  const exitRoot = hash(hash(exitLeaves[0]!, exitLeaves[1]!), hash(exitLeaves[2]!, exitLeaves[3]!))
  const computed: PublicValues = {
    chainId: context.chainId,
    rollupAddress: context.rollupAddress,
    batchNumber: context.batchNumber,
    oldStateRoot,
    newStateRoot: tree.root(),
    oldPriorityHash: context.oldPriorityHash,
    newPriorityHash: priorityHash,
    dataCommitment: dataHash,
    exitRoot,
    feeAccountIndex: context.feeAccountIndex,
  }
  const committed = { ...computed, ...parameters.commit }
  const publicInputHash = publicHashOf(committed)
  const input: RawCircuitInput = {
    publicInputHash,
    chainId: context.chainId,
    rollupAddress: context.rollupAddress,
    batchNumber: context.batchNumber,
    feeAccountIndex: context.feeAccountIndex,
    // The witness's oldStateRoot is what the contract says (the proof is checked against it).
    oldStateRoot: committed.oldStateRoot,
    oldPriorityHash: committed.oldPriorityHash,
    ...columns,
    fromSiblings,
    toSiblings,
    feeAddress: feeLeaf.address,
    feeBalance: feeLeaf.balance,
    feeNonce: feeLeaf.nonce,
    feePubAx: feeLeaf.pubAx,
    feePubAy: feeLeaf.pubAy,
    feeSiblings,
  }
  return { input, computed, committed, publicInputHash, tree }
}
