/**
 * The state transition of one batch slot (PROTOCOL.md §4.4, §5.3, §6.4). It reads and writes
 * through an AccountTree and records the circuit witness as it goes: the "from" leaf before
 * the slot, then the "to" leaf after the "from" update. The caller runs it over a throwaway
 * overlay, so a rejected slot leaves no trace.
 */
import { type Account, hasL2Key, isEmptyAccount } from '../account.js'
import { MAX_AMOUNT, MAX_NONCE, TxType } from '../constants.js'
import type { Signature } from '../crypto/eddsa.js'
import type { Exit } from '../batch/exitTree.js'
import {
  AccountKeyNotSetError,
  AccountOwnerMismatchError,
  AmountOutOfRangeError,
  InsufficientBalanceError,
  InvalidSignatureError,
  InvalidTransactionError,
  NonceExhaustedError,
  NonceMismatchError,
  UnknownAccountError,
  WrongChainError,
} from '../errors.js'
import type { AccountTree, AccountWithProof } from '../tree/accountTree.js'
import { type ChainDomain, type L2Tx, type SignedL2Tx, l2TxFields, verifyTxSignature } from '../tx/l2Tx.js'
import { type UnpackedTx, packTx } from '../tx/packTx.js'
import { type PriorityOp, assertValidPriorityOp } from '../tx/priorityOp.js'
import type { ExecutionOptions, SlotItem, SlotWitness } from './types.js'

const ZERO_SIGNATURE: Signature = Object.freeze({ R8x: 0n, R8y: 0n, S: 0n })

/** What one slot did, before it is numbered by the batch. */
export type SlotEffect = {
  fields: UnpackedTx
  packed: bigint
  fee: bigint
  exit: Exit | null
  /** The priority op this slot consumed, if any (its op data goes into the record). */
  op: PriorityOp | null
  fromAfter: Account
  toAfter: Account
  witness: SlotWitness
}

/** Applies one slot to `tree`. Throws a typed error for an invalid slot (tree writes are then the caller's to discard). */
export async function applySlot(
  tree: AccountTree,
  domain: ChainDomain,
  item: SlotItem,
  options: ExecutionOptions = {},
): Promise<SlotEffect> {
  switch (item.kind) {
    case 'noop':
      return applyNoop(tree, options)
    case 'l2':
      return applyL2Tx(tree, domain, item.tx, options)
    case 'priority':
      return applyPriorityOp(tree, item.op, options)
    default:
      throw new InvalidTransactionError({ reason: `unknown slot kind ${JSON.stringify((item as { kind?: unknown }).kind)}` })
  }
}

/** The leaf at `index` with its path, or with no path when the execution records no witness. */
async function readLeaf(tree: AccountTree, index: number, options: ExecutionOptions): Promise<AccountWithProof> {
  if (options.witness !== false) return tree.getAccountWithProof(index)
  return { index, account: await tree.getAccount(index), siblings: [] }
}

/** Reads the "to" leaf (index `toIndex`, after the "from" update) and applies `update` to it. */
async function updateTo(
  tree: AccountTree,
  toIndex: number,
  options: ExecutionOptions,
  update: (account: Account) => Account,
): Promise<{ witness: SlotWitness['to']; after: Account }> {
  const witness = await readLeaf(tree, toIndex, options)
  const after = update(witness.account)
  await tree.writeAccount(toIndex, after) // a no-op (no hashing) when unchanged
  return { witness, after }
}

async function applyNoop(tree: AccountTree, options: ExecutionOptions): Promise<SlotEffect> {
  const fields: UnpackedTx = { type: TxType.NOOP, fromIndex: 0, toIndex: 0, amount: 0n, fee: 0n }
  const from = await readLeaf(tree, 0, options)
  const to = await updateTo(tree, 0, options, (account) => account)
  return {
    fields,
    packed: 0n,
    fee: 0n,
    exit: null,
    op: null,
    fromAfter: from.account,
    toAfter: to.after,
    witness: { fields, packed: 0n, signature: ZERO_SIGNATURE, opAddress: 0n, opPubAx: 0n, opPubAy: 0n, from, to: to.witness },
  }
}

async function applyL2Tx(
  tree: AccountTree,
  domain: ChainDomain,
  tx: SignedL2Tx | L2Tx,
  options: ExecutionOptions,
): Promise<SlotEffect> {
  // Rule 3 (ranges) and the canonical table first: nothing else is meaningful without them.
  const fields = l2TxFields(tx)
  const packed = packTx(fields)
  const isTransfer = fields.type === TxType.TRANSFER

  // Rule 1: sender and (for a transfer) recipient exist.
  const from = await readLeaf(tree, fields.fromIndex, options)
  const sender = from.account
  if (isEmptyAccount(sender)) throw new UnknownAccountError({ accountIndex: fields.fromIndex, role: 'from' })
  if (isTransfer && isEmptyAccount(await tree.getAccount(fields.toIndex))) {
    throw new UnknownAccountError({ accountIndex: fields.toIndex, role: 'to' })
  }
  // Rule 2: the sender has a key.
  if (!hasL2Key(sender)) throw new AccountKeyNotSetError({ accountIndex: fields.fromIndex })
  // Rule 4: the nonce is the sender's.
  if (tx.nonce !== sender.nonce) {
    throw new NonceMismatchError({ accountIndex: fields.fromIndex, expected: sender.nonce, actual: tx.nonce })
  }
  // The circuit range-checks the new nonce to 32 bits: the last nonce can never be proven (§2.1).
  if (sender.nonce + 1n >= MAX_NONCE) throw new NonceExhaustedError({ accountIndex: fields.fromIndex })
  // Rule 5: the sender can pay amount + fee.
  const debit = fields.amount + fields.fee
  if (sender.balance < debit) {
    throw new InsufficientBalanceError({ accountIndex: fields.fromIndex, balance: sender.balance, required: debit })
  }
  // Rule 6: the signature, over txHash for this network.
  const signature = 'signature' in tx ? tx.signature : undefined
  if (options.verifySignatures !== false) verifySignatureOrThrow(tx, signature, sender, fields.fromIndex, domain, options)

  const fromAfter: Account = { ...sender, balance: sender.balance - debit, nonce: sender.nonce + 1n }
  await tree.writeAccount(fields.fromIndex, fromAfter)

  // The "to" update reads the leaf the "from" update wrote: a transfer to oneself is well defined.
  const to = await updateTo(tree, fields.toIndex, options, (account) => {
    if (!isTransfer) return account
    const balance = account.balance + fields.amount
    // Rule 7: the recipient's balance stays below 2^64.
    if (balance >= MAX_AMOUNT) throw new AmountOutOfRangeError({ what: `balance of account ${fields.toIndex} after the transfer`, value: balance })
    return { ...account, balance }
  })

  return {
    fields,
    packed,
    fee: fields.fee,
    exit: fields.type === TxType.WITHDRAW ? { address: sender.address, amount: fields.amount } : null,
    op: null,
    fromAfter: fields.fromIndex === fields.toIndex ? to.after : fromAfter,
    toAfter: to.after,
    witness: {
      fields,
      packed,
      signature: signature ?? ZERO_SIGNATURE,
      opAddress: 0n,
      opPubAx: 0n,
      opPubAy: 0n,
      from,
      to: to.witness,
    },
  }
}

function verifySignatureOrThrow(
  tx: L2Tx,
  signature: Signature | undefined,
  sender: Account,
  accountIndex: number,
  domain: ChainDomain,
  options: ExecutionOptions,
): void {
  if (signature === undefined) throw new InvalidSignatureError({ accountIndex, reason: 'the transaction is not signed' })
  const key = { pubAx: sender.pubAx, pubAy: sender.pubAy }
  if (verifyTxSignature(tx, signature, key, domain)) return
  for (const other of options.otherDomains ?? []) {
    if (other.chainId === domain.chainId && other.rollupAddress === domain.rollupAddress) continue
    if (verifyTxSignature(tx, signature, key, other)) {
      throw new WrongChainError({ accountIndex, expected: domain, signedFor: other })
    }
  }
  throw new InvalidSignatureError({ accountIndex, reason: "it does not verify for the sender's key over this network's txHash" })
}

async function applyPriorityOp(tree: AccountTree, op: PriorityOp, options: ExecutionOptions): Promise<SlotEffect> {
  assertValidPriorityOp(op)
  // The contract assigns indices from 1; index 0 stays empty forever (§2.2).
  if (op.accountIndex === 0) throw new InvalidTransactionError({ reason: 'a priority operation cannot target account index 0' })
  const fields: UnpackedTx = { type: op.opType, fromIndex: op.accountIndex, toIndex: 0, amount: op.amount, fee: 0n }
  const packed = packTx(fields)

  const from = await readLeaf(tree, op.accountIndex, options)
  const leaf = from.account
  let fromAfter: Account
  let exit: Exit | null = null
  if (op.opType === TxType.FORCED_EXIT) {
    // Only the owner can force its own exit; an empty leaf has address 0 ≠ l1Address.
    if (leaf.address !== op.l1Address) {
      throw new AccountOwnerMismatchError({ accountIndex: op.accountIndex, owner: leaf.address, l1Address: op.l1Address })
    }
    exit = { address: leaf.address, amount: leaf.balance }
    fromAfter = { ...leaf, balance: 0n }
  } else {
    // DEPOSIT and REGISTER_KEY: the leaf is empty or already the op's address's (§5.3).
    if (!isEmptyAccount(leaf) && leaf.address !== op.l1Address) {
      throw new AccountOwnerMismatchError({ accountIndex: op.accountIndex, owner: leaf.address, l1Address: op.l1Address })
    }
    const balance = leaf.balance + op.amount
    if (balance >= MAX_AMOUNT) throw new AmountOutOfRangeError({ what: `balance of account ${op.accountIndex} after the deposit`, value: balance })
    const setsKey = op.pubAx !== 0n || op.pubAy !== 0n
    fromAfter = {
      address: op.l1Address,
      balance,
      nonce: leaf.nonce,
      pubAx: setsKey ? op.pubAx : leaf.pubAx,
      pubAy: setsKey ? op.pubAy : leaf.pubAy,
    }
  }
  await tree.writeAccount(op.accountIndex, fromAfter)
  const to = await updateTo(tree, 0, options, (account) => account)

  return {
    fields,
    packed,
    fee: 0n,
    exit,
    op,
    fromAfter,
    toAfter: to.after,
    witness: {
      fields,
      packed,
      signature: ZERO_SIGNATURE,
      opAddress: op.l1Address,
      opPubAx: op.pubAx,
      opPubAy: op.pubAy,
      from,
      to: to.witness,
    },
  }
}
