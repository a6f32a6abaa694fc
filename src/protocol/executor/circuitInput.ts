/**
 * The input of circuits/batch.circom (PROTOCOL.md §7.3): the public inputs of §7.1 first, in
 * their order, then every private signal.
 */
import { BATCH_SLOTS, isPriorityOpType } from '../constants.js'
import { InvalidParameterError } from '../errors.js'
import type { AccountWithProof } from '../tree/accountTree.js'
import type { BatchContext, SlotWitness } from './types.js'

/** The witness input of `Batch(ACCOUNT_TREE_DEPTH, BATCH_SLOTS)`, signal name → value, public signals first. */
export type CircuitInput = {
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
  txType: bigint[]
  fromIndex: bigint[]
  toIndex: bigint[]
  amount: bigint[]
  fee: bigint[]
  sigR8x: bigint[]
  sigR8y: bigint[]
  sigS: bigint[]
  fromAddress: bigint[]
  fromBalance: bigint[]
  fromNonce: bigint[]
  fromPubAx: bigint[]
  fromPubAy: bigint[]
  fromSiblings: bigint[][]
  toAddress: bigint[]
  toBalance: bigint[]
  toNonce: bigint[]
  toPubAx: bigint[]
  toPubAy: bigint[]
  toSiblings: bigint[][]
  feeAddress: bigint
  feeBalance: bigint
  feeNonce: bigint
  feePubAx: bigint
  feePubAy: bigint
  feeSiblings: bigint[]
}

/** The public signals of §7.3, in the order of §7.1 (the first signals of the main component). */
export const PUBLIC_SIGNALS = [
  'chainId',
  'rollupAddress',
  'batchNumber',
  'feeAccountIndex',
  'oldStateRoot',
  'newStateRoot',
  'exitRoot',
  'tx',
  'opAddress',
  'opPubAx',
  'opPubAy',
] as const satisfies readonly (keyof CircuitInput)[]

/** The same map with every value a decimal string, as JSON for the witness calculator. */
export type CircuitInputJson = { [K in keyof CircuitInput]: CircuitInput[K] extends bigint ? string : CircuitInput[K] extends bigint[] ? string[] : string[][] }

/** Assembles the circuit input from the per-slot witnesses and the fee leaf (read after the last slot). */
export function buildCircuitInput(parameters: {
  context: BatchContext
  oldStateRoot: bigint
  newStateRoot: bigint
  exitRoot: bigint
  slots: readonly SlotWitness[]
  feeLeaf: AccountWithProof
}): CircuitInput {
  const { context, oldStateRoot, newStateRoot, exitRoot, slots, feeLeaf } = parameters
  if (slots.length !== BATCH_SLOTS) {
    throw new InvalidParameterError({ parameter: 'slots', reason: `expected ${BATCH_SLOTS} slot witnesses, got ${slots.length}` })
  }
  const per = <T>(pick: (slot: SlotWitness) => T): T[] => slots.map(pick)
  // Op data is public for priority slots only; every other slot must carry (0, 0, 0) (§7.2).
  const op = <T>(pick: (slot: SlotWitness) => T, zero: T) => per((s) => (isPriorityOpType(s.fields.type) ? pick(s) : zero))
  return {
    chainId: context.chainId,
    rollupAddress: context.rollupAddress,
    batchNumber: context.batchNumber,
    feeAccountIndex: BigInt(context.feeAccountIndex),
    oldStateRoot,
    newStateRoot,
    exitRoot,
    tx: per((s) => s.packed),
    opAddress: op((s) => s.opAddress, 0n),
    opPubAx: op((s) => s.opPubAx, 0n),
    opPubAy: op((s) => s.opPubAy, 0n),
    txType: per((s) => BigInt(s.fields.type)),
    fromIndex: per((s) => BigInt(s.fields.fromIndex)),
    toIndex: per((s) => BigInt(s.fields.toIndex)),
    amount: per((s) => s.fields.amount),
    fee: per((s) => s.fields.fee),
    sigR8x: per((s) => s.signature.R8x),
    sigR8y: per((s) => s.signature.R8y),
    sigS: per((s) => s.signature.S),
    fromAddress: per((s) => s.from.account.address),
    fromBalance: per((s) => s.from.account.balance),
    fromNonce: per((s) => s.from.account.nonce),
    fromPubAx: per((s) => s.from.account.pubAx),
    fromPubAy: per((s) => s.from.account.pubAy),
    fromSiblings: per((s) => [...s.from.siblings]),
    toAddress: per((s) => s.to.account.address),
    toBalance: per((s) => s.to.account.balance),
    toNonce: per((s) => s.to.account.nonce),
    toPubAx: per((s) => s.to.account.pubAx),
    toPubAy: per((s) => s.to.account.pubAy),
    toSiblings: per((s) => [...s.to.siblings]),
    feeAddress: feeLeaf.account.address,
    feeBalance: feeLeaf.account.balance,
    feeNonce: feeLeaf.account.nonce,
    feePubAx: feeLeaf.account.pubAx,
    feePubAy: feeLeaf.account.pubAy,
    feeSiblings: [...feeLeaf.siblings],
  }
}

/** The circuit input with decimal strings instead of bigints (JSON-safe). */
export function circuitInputToJson(input: CircuitInput): CircuitInputJson {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(input)) {
    out[name] = Array.isArray(value)
      ? value.map((v: bigint | bigint[]) => (Array.isArray(v) ? v.map((x) => x.toString(10)) : v.toString(10)))
      : (value as bigint).toString(10)
  }
  return out as CircuitInputJson
}
