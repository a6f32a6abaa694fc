/**
 * A rule-free model of the batch circuit's arithmetic, for failing-witness tests.
 *
 * The protocol executor refuses every invalid batch, so it cannot build the witness of an
 * overdraft or a forged signature. This builder applies the circuit's update formulas
 * (PROTOCOL.md §4–§7) mod r *without checking any rule*, and computes every root and the
 * public-input vector of §7.1 consistently with what it applied. A witness it builds is
 * therefore rejected only because of the rule it breaks, not because some root is stale.
 *
 * It is the circuits' independent model: it imports nothing from src/protocol (Poseidon and
 * EdDSA come straight from circomlibjs, the tree and packing are written out here), so when it
 * agrees with the executor bit for bit on valid batches (batch.test.ts), two implementations
 * agree, not one with itself. Call `await loadRawCrypto()` once before building.
 */
import { buildEddsa, buildPoseidon, type Eddsa, type Poseidon } from 'circomlibjs'

/** BN254 scalar field order r (PROTOCOL.md notation). */
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n
/** BabyJubJub's prime subgroup order: an EdDSA S must be below it. */
export const BABYJUB_SUBORDER = 2736030358979909402780800718157159386076813972158567259200215660948447373041n
/** §1: ACCOUNT_TREE_DEPTH, BATCH_SLOTS, EXIT_TREE_DEPTH. */
export const RAW_DEPTH = 16
export const RAW_SLOTS = 4
const EXIT_DEPTH = 2

/** x mod r in [0, r). */
export const mod = (x: bigint): bigint => ((x % R) + R) % R

let poseidonBackend: Poseidon | undefined
let eddsaBackend: Eddsa | undefined

/** Build circomlibjs's Poseidon and EdDSA once (≈ 1 s); every builder below is synchronous after it. */
export async function loadRawCrypto(): Promise<void> {
  poseidonBackend ??= await buildPoseidon()
  eddsaBackend ??= await buildEddsa()
}

function backends(): { poseidon: Poseidon; eddsa: Eddsa } {
  if (!poseidonBackend || !eddsaBackend) throw new Error('call loadRawCrypto() before building raw batches')
  return { poseidon: poseidonBackend, eddsa: eddsaBackend }
}

/** circomlib Poseidon of the inputs reduced mod r (the circuit sees field elements only). */
export function rawHash(...inputs: bigint[]): bigint {
  const { poseidon } = backends()
  return poseidon.F.toObject(poseidon(inputs.map(mod)))
}

export type RawSignature = { R8x: bigint; R8y: bigint; S: bigint }

/** circomlibjs `eddsa.signPoseidon` of a field element with a 32-byte private key. */
export function rawSign(privateKey: Uint8Array, message: bigint): RawSignature {
  const { eddsa } = backends()
  const { R8, S } = eddsa.signPoseidon(privateKey, eddsa.F.e(mod(message)))
  return { R8x: eddsa.F.toObject(R8[0]), R8y: eddsa.F.toObject(R8[1]), S }
}

/** circomlibjs `eddsa.prv2pub`, as the (pubAx, pubAy) of an account leaf. */
export function rawPublicKey(privateKey: Uint8Array): { pubAx: bigint; pubAy: bigint } {
  const { eddsa } = backends()
  const [x, y] = eddsa.prv2pub(privateKey)
  return { pubAx: eddsa.F.toObject(x), pubAy: eddsa.F.toObject(y) }
}

export type RawAccount = { address: bigint; balance: bigint; nonce: bigint; pubAx: bigint; pubAy: bigint }

export const EMPTY_RAW_ACCOUNT: Readonly<RawAccount> = Object.freeze({
  address: 0n, balance: 0n, nonce: 0n, pubAx: 0n, pubAy: 0n,
})

const leafOf = (a: RawAccount): bigint => rawHash(a.address, a.balance, a.nonce, a.pubAx, a.pubAy)

let zeros: bigint[] | undefined
/** Z[h] of §2.2: Z[0] = leaf of the empty account, Z[h+1] = Poseidon(Z[h], Z[h]). */
function zeroNode(height: number): bigint {
  if (!zeros) {
    zeros = [leafOf(EMPTY_RAW_ACCOUNT)]
    for (let h = 0; h < RAW_DEPTH; h++) zeros.push(rawHash(zeros[h]!, zeros[h]!))
  }
  return zeros[height]!
}

/** In-memory sparse Poseidon Merkle tree of field-valued accounts (no range checks at all). */
export class RawTree {
  private readonly accounts = new Map<number, RawAccount>()
  /** nodes[h]: position → hash, for the positions that differ from the default Z[h]. */
  private readonly nodes: Map<number, bigint>[] = Array.from({ length: RAW_DEPTH + 1 }, () => new Map())

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
    for (let h = 0; h < RAW_DEPTH; h++) {
      this.nodes[h]!.set(position, node)
      const sibling = this.node(h, position ^ 1)
      node = position & 1 ? rawHash(sibling, node) : rawHash(node, sibling)
      position >>= 1
    }
    this.nodes[RAW_DEPTH]!.set(0, node)
  }

  root(): bigint {
    return this.node(RAW_DEPTH, 0)
  }

  siblings(index: number): bigint[] {
    return Array.from({ length: RAW_DEPTH }, (_, h) => this.node(h, (index >> h) ^ 1))
  }

  private node(height: number, position: number): bigint {
    return this.nodes[height]!.get(position) ?? zeroNode(height)
  }
}

/** One slot, as raw field values. Omitted signature / op data are zeros, as in §7.3. */
export type RawSlot = {
  type: bigint
  fromIndex: bigint
  toIndex: bigint
  amount: bigint
  fee: bigint
  signature?: RawSignature
  /** Sign the slot while building it, over the txHash the circuit computes (or a variant). */
  sign?: { key: Uint8Array; nonce?: bigint; chainId?: bigint; rollupAddress?: bigint }
  /** The op data the slot applies, and (unless committed otherwise) its public op data. */
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
}

/** The public inputs of §7.1, by name. */
export type PublicValues = {
  chainId: bigint
  rollupAddress: bigint
  batchNumber: bigint
  feeAccountIndex: bigint
  oldStateRoot: bigint
  newStateRoot: bigint
  exitRoot: bigint
  tx: bigint[]
  opAddress: bigint[]
  opPubAx: bigint[]
  opPubAy: bigint[]
}

/** §7.1's order: seven scalars, then the four per-slot vectors. */
export const PUBLIC_SCALARS = [
  'chainId', 'rollupAddress', 'batchNumber', 'feeAccountIndex', 'oldStateRoot', 'newStateRoot', 'exitRoot',
] as const
export const PUBLIC_VECTORS = ['tx', 'opAddress', 'opPubAx', 'opPubAy'] as const

/** The 7 + 4·BATCH_SLOTS public-input vector of §7.1, in its order. */
export function publicInputsOf(v: PublicValues): bigint[] {
  return [...PUBLIC_SCALARS.map((name) => v[name]), ...PUBLIC_VECTORS.flatMap((name) => v[name])]
}

export type RawCircuitInput = Record<string, bigint | bigint[] | bigint[][]>

export type RawBatch = {
  input: RawCircuitInput
  /** What the circuit computes from this witness (the public values an honest record gives). */
  computed: PublicValues
  /** The public inputs the witness carries (computed, unless overridden: "what L1 says"). */
  committed: PublicValues
  /** `committed` as the §7.1 vector. */
  publicInputs: bigint[]
  /** The state after the batch, as the circuit computes it. */
  tree: RawTree
}

/** packed = type + from·2^3 + to·2^19 + amount·2^35 + fee·2^99, mod r. */
export function packRaw(slot: Pick<RawSlot, 'type' | 'fromIndex' | 'toIndex' | 'amount' | 'fee'>): bigint {
  return mod(slot.type + (slot.fromIndex << 3n) + (slot.toIndex << 19n) + (slot.amount << 35n) + (slot.fee << 99n))
}

/** Root of the exit tree (§6.2) over its 2^EXIT_TREE_DEPTH leaves, leaf j at position j. */
export function rawExitRoot(leaves: readonly bigint[]): bigint {
  let level = [...leaves]
  for (let h = 0; h < EXIT_DEPTH; h++) {
    level = Array.from({ length: level.length / 2 }, (_, j) => rawHash(level[2 * j]!, level[2 * j + 1]!))
  }
  return level[0]!
}

const INDEX_MASK = (1n << BigInt(RAW_DEPTH)) - 1n

/**
 * Apply `slots` (padded with NOOPs) to a copy of `tree` with the circuit's formulas and return
 * the witness input. `commit` replaces public inputs only (the private slot fields, leaves and
 * paths stay what was applied): it models an L1 contract whose record says something else than
 * what the prover's slots do.
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
  while (slots.length < RAW_SLOTS) slots.push(NOOP_SLOT)
  if (slots.length !== RAW_SLOTS) throw new Error(`at most ${RAW_SLOTS} slots`)

  const oldStateRoot = tree.root()
  const columns: Record<string, bigint[]> = {}
  const fromSiblings: bigint[][] = []
  const toSiblings: bigint[][] = []
  const push = (name: string, value: bigint) => (columns[name] ??= []).push(mod(value))
  const publicTx: bigint[] = []
  const publicOp = { opAddress: [] as bigint[], opPubAx: [] as bigint[], opPubAy: [] as bigint[] }
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
    const fromIndex = Number(slot.fromIndex & INDEX_MASK)
    const toIndex = Number(slot.toIndex & INDEX_MASK)

    // From-update.
    const from = { ...tree.get(fromIndex), ...slot.presentFrom }
    let signature = slot.signature ?? { R8x: 0n, R8y: 0n, S: 0n }
    if (slot.sign) {
      const message = rawHash(
        packed,
        slot.sign.nonce ?? from.nonce,
        slot.sign.chainId ?? context.chainId,
        slot.sign.rollupAddress ?? context.rollupAddress,
      )
      signature = rawSign(slot.sign.key, message)
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
      fromAddress: from.address, fromBalance: from.balance, fromNonce: from.nonce,
      fromPubAx: from.pubAx, fromPubAy: from.pubAy,
      toAddress: to.address, toBalance: to.balance, toNonce: to.nonce, toPubAx: to.pubAx, toPubAy: to.pubAy,
    })) push(name, value)

    publicTx.push(packed)
    publicOp.opAddress.push(mod(op.address))
    publicOp.opPubAx.push(mod(op.pubAx))
    publicOp.opPubAy.push(mod(op.pubAy))
    exitLeaves.push(
      isWithdraw || isForcedExit ? rawHash(from.address, isWithdraw * slot.amount + isForcedExit * from.balance) : 0n,
    )
    feeSum += slot.fee
  }

  // Fee credit after the last slot.
  const feeIndex = Number(context.feeAccountIndex & INDEX_MASK)
  const feeLeaf = tree.get(feeIndex)
  const feeSiblings = tree.siblings(feeIndex)
  tree.set(feeIndex, { ...feeLeaf, balance: mod(feeLeaf.balance + feeSum) })

  const computed: PublicValues = {
    chainId: context.chainId,
    rollupAddress: context.rollupAddress,
    batchNumber: context.batchNumber,
    feeAccountIndex: context.feeAccountIndex,
    oldStateRoot,
    newStateRoot: tree.root(),
    exitRoot: rawExitRoot(exitLeaves),
    tx: publicTx,
    ...publicOp,
  }
  const committed: PublicValues = { ...computed, ...parameters.commit }
  const publicInput: RawCircuitInput = {}
  for (const name of PUBLIC_SCALARS) publicInput[name] = mod(committed[name])
  for (const name of PUBLIC_VECTORS) publicInput[name] = committed[name].map(mod)
  // The circuit's own copy of the batch context is the public one: chainId and rollupAddress
  // reach the txHash, feeAccountIndex the fee leaf's path.
  const input: RawCircuitInput = {
    ...publicInput,
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
  return { input, computed, committed, publicInputs: publicInputsOf(committed), tree }
}
