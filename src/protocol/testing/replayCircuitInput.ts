/**
 * An independent reading of a circuit input (PROTOCOL.md §7.3): it re-derives the batch's
 * outputs from the witness alone, checking every Merkle path against the running root the way
 * the circuit does. Tests use it to show that the executor's circuitInput is self-consistent
 * and yields exactly the executor's roots and public inputs. It trusts the slot semantics it is given
 * (that is what the executor tests check); it checks the witness plumbing.
 */
import { type Account, leafHash } from '../account.js'
import { ACCOUNT_TREE_DEPTH, BATCH_SLOTS, TxType } from '../constants.js'
import { PUBLIC_SIGNALS } from '../executor/circuitInput.js'
import { verifyPoseidon } from '../crypto/eddsa.js'
import { poseidon } from '../crypto/poseidon.js'
import { exitRoot, type Exit } from '../batch/exitTree.js'
import type { CircuitInput } from '../executor/circuitInput.js'
import { computeMerkleRoot } from '../tree/merkleProof.js'
import { packTx } from '../tx/packTx.js'

export type ReplayResult = {
  newStateRoot: bigint
  exitRoot: bigint
  /** The public signals as the input declares them, flattened in §7.1 order. */
  publicInputs: bigint[]
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`circuit input replay: ${message}`)
}

export function replayCircuitInput(ci: CircuitInput, options: { verifySignatures: boolean }): ReplayResult {
  for (const [name, value] of Object.entries(ci)) {
    if (Array.isArray(value)) check(value.length === BATCH_SLOTS || name === 'feeSiblings', `${name} has ${value.length} entries`)
  }
  check(ci.feeSiblings.length === ACCOUNT_TREE_DEPTH, 'feeSiblings length')

  let root = ci.oldStateRoot
  let fees = 0n
  const exits: (Exit | null)[] = []

  for (let j = 0; j < BATCH_SLOTS; j++) {
    const type = Number(ci.txType[j]) as TxType
    const fromIndex = Number(ci.fromIndex[j])
    const toIndex = Number(ci.toIndex[j])
    const amount = ci.amount[j]!
    const fee = ci.fee[j]!
    const packed = packTx({ type, fromIndex, toIndex, amount, fee })
    check(packed === ci.tx[j], `slot ${j}: the private fields do not pack to the public tx[${j}]`)
    const fromSiblings = ci.fromSiblings[j]!
    const toSiblings = ci.toSiblings[j]!
    check(fromSiblings.length === ACCOUNT_TREE_DEPTH && toSiblings.length === ACCOUNT_TREE_DEPTH, `slot ${j} sibling lengths`)
    const from: Account = {
      address: ci.fromAddress[j]!,
      balance: ci.fromBalance[j]!,
      nonce: ci.fromNonce[j]!,
      pubAx: ci.fromPubAx[j]!,
      pubAy: ci.fromPubAy[j]!,
    }
    check(computeMerkleRoot(leafHash(from), fromIndex, fromSiblings) === root, `slot ${j}: from leaf not under the current root`)

    const isL2 = type === TxType.TRANSFER || type === TxType.WITHDRAW
    const isPriority = type === TxType.DEPOSIT || type === TxType.REGISTER_KEY || type === TxType.FORCED_EXIT
    if (!isL2) check(ci.sigR8x[j] === 0n && ci.sigR8y[j] === 0n && ci.sigS[j] === 0n, `slot ${j}: non-L2 slot with a signature`)
    if (!isPriority) check(ci.opAddress[j] === 0n && ci.opPubAx[j] === 0n && ci.opPubAy[j] === 0n, `slot ${j}: op data on a non-priority slot`)

    let fromAfter = from
    let exit: Exit | null = null
    if (isL2) {
      if (options.verifySignatures) {
        const hash = poseidon([packed, from.nonce, ci.chainId, ci.rollupAddress])
        const sig = { R8x: ci.sigR8x[j]!, R8y: ci.sigR8y[j]!, S: ci.sigS[j]! }
        check(verifyPoseidon(hash, sig, { pubAx: from.pubAx, pubAy: from.pubAy }), `slot ${j}: signature`)
      }
      fromAfter = { ...from, balance: from.balance - amount - fee, nonce: from.nonce + 1n }
      fees += fee
      if (type === TxType.WITHDRAW) exit = { address: from.address, amount }
    } else if (type === TxType.FORCED_EXIT) {
      exit = { address: from.address, amount: from.balance }
      fromAfter = { ...from, balance: 0n }
    } else if (isPriority) {
      const setsKey = ci.opPubAx[j] !== 0n || ci.opPubAy[j] !== 0n
      fromAfter = {
        address: ci.opAddress[j]!,
        balance: from.balance + amount,
        nonce: from.nonce,
        pubAx: setsKey ? ci.opPubAx[j]! : from.pubAx,
        pubAy: setsKey ? ci.opPubAy[j]! : from.pubAy,
      }
    }
    if (type === TxType.FORCED_EXIT) check(ci.opPubAx[j] === 0n && ci.opPubAy[j] === 0n, `slot ${j}: FORCED_EXIT with a key`)
    if (isPriority) check(fromIndex !== 0, `slot ${j}: priority op on index 0`)
    root = computeMerkleRoot(leafHash(fromAfter), fromIndex, fromSiblings)

    const to: Account = { address: ci.toAddress[j]!, balance: ci.toBalance[j]!, nonce: ci.toNonce[j]!, pubAx: ci.toPubAx[j]!, pubAy: ci.toPubAy[j]! }
    check(computeMerkleRoot(leafHash(to), toIndex, toSiblings) === root, `slot ${j}: to leaf not under the root after the from update`)
    const toAfter = type === TxType.TRANSFER ? { ...to, balance: to.balance + amount } : to
    root = computeMerkleRoot(leafHash(toAfter), toIndex, toSiblings)

    exits.push(exit)
  }

  const feeLeaf: Account = { address: ci.feeAddress, balance: ci.feeBalance, nonce: ci.feeNonce, pubAx: ci.feePubAx, pubAy: ci.feePubAy }
  const feeIndex = Number(ci.feeAccountIndex)
  check(computeMerkleRoot(leafHash(feeLeaf), feeIndex, ci.feeSiblings) === root, 'fee leaf not under the root after the last slot')
  root = computeMerkleRoot(leafHash({ ...feeLeaf, balance: feeLeaf.balance + fees }), feeIndex, ci.feeSiblings)

  const exitsRoot = exitRoot(exits)
  check(root === ci.newStateRoot, 'the public newStateRoot is not the replayed root')
  check(exitsRoot === ci.exitRoot, 'the public exitRoot is not the replayed exit root')
  const publicInputs = PUBLIC_SIGNALS.flatMap((name) => {
    const value = ci[name]
    return Array.isArray(value) ? value : [value]
  })
  return { newStateRoot: root, exitRoot: exitsRoot, publicInputs }
}
