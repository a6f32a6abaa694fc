import { beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { ACCOUNT_TREE_DEPTH, BATCH_SLOTS, MAX_AMOUNT, MAX_NONCE, PUBLIC_INPUTS, TxType } from '../constants.js'
import { batchPublicInputs } from '../batch/batchPublicInputs.js'
import { decodeBatchRecord } from '../batch/decodeBatchRecords.js'
import { opHash } from '../batch/opHash.js'
import { loadCrypto } from '../crypto/loadCrypto.js'
import { poseidonHashCount } from '../crypto/poseidon.js'
import {
  InvalidParameterError,
  AccountKeyNotSetError,
  AccountOwnerMismatchError,
  AmountOutOfRangeError,
  type BaseError,
  BatchClosedError,
  BatchFullError,
  FeeOutOfRangeError,
  InsufficientBalanceError,
  InvalidBatchLengthError,
  InvalidBatchSlotError,
  InvalidSignatureError,
  InvalidTransactionError,
  NonceExhaustedError,
  NonceMismatchError,
  PriorityOpMismatchError,
  UnknownAccountError,
  WrongChainError,
} from '../errors.js'
import { MemoryStore } from '../store/memoryStore.js'
import {
  DOMAIN,
  OTHER_CHAIN,
  context,
  deposit,
  forcedExit,
  registerKey,
  signed,
  testAddress,
  testPublicKey,
  transfer,
  withdraw,
} from '../testing/fixtures.js'
import { replayCircuitInput } from '../testing/replayCircuitInput.js'
import { AccountTree } from '../tree/accountTree.js'
import { emptyStateRoot } from '../tree/zeroHashes.js'
import { bigintToBytes, bytesToHex } from '../field.js'
import { packL2Tx } from '../tx/l2Tx.js'
import { type PriorityOp, packedOp } from '../tx/priorityOp.js'
import { BatchExecution } from './batchExecution.js'
import { executeBatch } from './executeBatch.js'
import { executeBatchFromCalldata } from './executeBatchFromCalldata.js'
import { simulateTx } from './simulateTx.js'
import type { BatchResult, SlotItem } from './types.js'

// Genesis used by most tests: account 1 (the fee account, key 1, 100 gwei), account 2 (key 2,
// 1000 gwei), account 3 (no key, 500 gwei).
let GENESIS_OPS: PriorityOp[]

beforeAll(async () => {
  await loadCrypto()
  GENESIS_OPS = [deposit(1, 100n, 1), deposit(2, 1000n, 2), deposit(3, 500n)]
})

let store: MemoryStore
let genesis: BatchResult

beforeEach(async () => {
  store = new MemoryStore()
  genesis = await executeBatch(store, context(1n), GENESIS_OPS.map((op) => ({ kind: 'priority', op })))
})

const next = () => context(2n)
const l2 = (tx: Extract<SlotItem, { kind: 'l2' }>['tx']): SlotItem => ({ kind: 'l2', tx })
const op = (o: PriorityOp): SlotItem => ({ kind: 'priority', op: o })

/** A snapshot of everything in the store, to show a rejected batch wrote nothing. */
async function snapshot(s: MemoryStore): Promise<string> {
  const entries = await Promise.all(s.keys().sort().map(async (k) => `${k}=${bytesToHex((await s.get(k))!)}`))
  return entries.join(';')
}

async function expectRejected(items: SlotItem[], errorClass: abstract new (...args: never[]) => BaseError, options = {}): Promise<BaseError> {
  const before = await snapshot(store)
  const error = await executeBatch(store, next(), items, options).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(errorClass)
  expect(await snapshot(store)).toBe(before)
  return error as BaseError
}

describe('executeBatch: valid batches', () => {
  test('genesis: deposits create accounts, set keys, carry their op data in the record, pay no fee', async () => {
    expect(genesis.oldStateRoot).toBe(emptyStateRoot())
    expect(genesis.priorityOps).toEqual(GENESIS_OPS)
    expect(genesis.priorityOpCount).toBe(3)
    const record = decodeBatchRecord(genesis.record)
    expect(record.slots).toEqual(GENESIS_OPS.map(packedOp))
    expect(record.opData).toEqual(GENESIS_OPS.map(({ l1Address, pubAx, pubAy }) => ({ l1Address, pubAx, pubAy })))
    expect(genesis.record).toHaveLength(3 + 3 * 17 + 3 * 84)
    expect(genesis.totalFees).toBe(0n)
    const tree = new AccountTree(store)
    expect(await tree.getAccount(2)).toEqual({ address: testAddress(2), balance: 1000n, nonce: 0n, ...testPublicKey(2) })
    expect(await tree.getAccount(3)).toEqual({ address: testAddress(3), balance: 500n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    expect(await tree.root()).toBe(genesis.newStateRoot)
  })

  test('a transfer and a withdrawal: balances, nonces, fee credit, exit leaf, record, public inputs', async () => {
    const result = await executeBatch(store, next(), [l2(signed(transfer(2, 3, 300n, 7n, 0n), 2)), l2(signed(withdraw(2, 100n, 3n, 1n), 2))])
    const tree = new AccountTree(store)
    expect(await tree.getAccount(2)).toMatchObject({ balance: 1000n - 307n - 103n, nonce: 2n })
    expect(await tree.getAccount(3)).toMatchObject({ balance: 800n, nonce: 0n })
    expect(await tree.getAccount(1)).toMatchObject({ balance: 110n, nonce: 0n })
    expect(result.totalFees).toBe(10n)
    expect(result.exitLeaves).toEqual([null, { address: testAddress(2), amount: 100n }, null, null])
    expect(result.packedTxs).toEqual([packL2Tx(transfer(2, 3, 300n, 7n, 0n)), packL2Tx(withdraw(2, 100n, 3n, 1n)), 0n, 0n])
    expect(bytesToHex(result.record.subarray(0, 3))).toBe('0x000102') // fee account 1, two slots: trailing NOOPs are not posted
    expect(result.record).toHaveLength(3 + 2 * 17) // no priority slot, no op data
    expect(result.priorityOps).toEqual([])
    expect(result.publicInputs).toHaveLength(PUBLIC_INPUTS)
    expect(result.publicInputs.slice(0, 7)).toEqual([DOMAIN.chainId, DOMAIN.rollupAddress, 2n, 1n, genesis.newStateRoot, result.newStateRoot, result.exitRoot])
    expect(result.publicInputs.slice(7, 7 + BATCH_SLOTS)).toEqual(result.packedTxs)
    expect(result.publicInputs.slice(7 + BATCH_SLOTS)).toEqual(new Array<bigint>(3 * BATCH_SLOTS).fill(0n))
  })

  test('a transfer to oneself only pays the fee and bumps the nonce once', async () => {
    await executeBatch(store, next(), [l2(signed(transfer(2, 2, 300n, 7n, 0n), 2))])
    expect(await new AccountTree(store).getAccount(2)).toMatchObject({ balance: 993n, nonce: 1n })
  })

  test('key paths: a deposit without key keeps the key, REGISTER_KEY replaces it, a deposit with key sets it', async () => {
    await executeBatch(store, next(), [op(deposit(2, 5n)), op(registerKey(3, 9)), op(deposit(1, 0n, 8)), op(registerKey(4, 4))])
    const tree = new AccountTree(store)
    expect(await tree.getAccount(2)).toMatchObject({ balance: 1005n, ...testPublicKey(2) })
    expect(await tree.getAccount(3)).toMatchObject({ balance: 500n, ...testPublicKey(9) })
    expect(await tree.getAccount(1)).toMatchObject({ balance: 100n, ...testPublicKey(8) })
    expect(await tree.getAccount(4)).toEqual({ address: testAddress(4), balance: 0n, nonce: 0n, ...testPublicKey(4) })
  })

  test('a forced exit drains the whole balance into an exit leaf, keeping nonce and key', async () => {
    await executeBatch(store, next(), [l2(signed(transfer(2, 3, 1n, 0n, 0n), 2))])
    const result = await executeBatch(store, context(3n), [{ kind: 'noop' }, op(forcedExit(2))])
    expect(result.exitLeaves[1]).toEqual({ address: testAddress(2), amount: 999n })
    expect(await new AccountTree(store).getAccount(2)).toEqual({ address: testAddress(2), balance: 0n, nonce: 1n, ...testPublicKey(2) })
  })

  test('an empty batch changes nothing but still commits to its slots', async () => {
    const result = await executeBatch(store, next(), [])
    expect(result.newStateRoot).toBe(genesis.newStateRoot)
    expect(result.packedTxs).toEqual([0n, 0n, 0n, 0n])
    expect(result.record).toHaveLength(3)
  })

  test('with fees = 0 the fee account may be empty', async () => {
    const result = await executeBatch(store, { ...next(), feeAccountIndex: 77 }, [l2(signed(transfer(2, 3, 1n, 0n, 0n), 2))])
    expect(result.circuitInput.feeAddress).toBe(0n)
  })

  test('commit: false computes the result and writes nothing', async () => {
    const before = await snapshot(store)
    const result = await executeBatch(store, next(), [l2(signed(transfer(2, 3, 1n, 1n, 0n), 2))], { commit: false })
    expect(result.newStateRoot).not.toBe(genesis.newStateRoot)
    expect(await snapshot(store)).toBe(before)
  })
})

describe('executeBatch: every invalid kind is rejected with its typed error and changes nothing', () => {
  test('bad signature (altered S)', async () => {
    const tx = signed(transfer(2, 3, 1n, 0n, 0n), 2)
    await expectRejected([l2({ ...tx, signature: { ...tx.signature, S: tx.signature.S + 1n } })], InvalidSignatureError)
  })

  test('signature by another key', async () => {
    await expectRejected([l2(signed(transfer(2, 3, 1n, 0n, 0n), 1))], InvalidSignatureError)
  })

  test('signature for another transaction', async () => {
    const tx = signed(transfer(2, 3, 1n, 0n, 0n), 2)
    await expectRejected([l2({ ...tx, amount: 2n })], InvalidSignatureError)
  })

  test('missing signature', async () => {
    await expectRejected([l2(transfer(2, 3, 1n, 0n, 0n))], InvalidSignatureError)
  })

  test('wrong chain: invalid, and WrongChainError when the other domain is known', async () => {
    const tx = signed(transfer(2, 3, 1n, 0n, 0n), 2, OTHER_CHAIN)
    const plain = await expectRejected([l2(tx)], InvalidSignatureError)
    expect(plain).not.toBeInstanceOf(WrongChainError)
    const diagnosed = await expectRejected([l2(tx)], WrongChainError, { otherDomains: [DOMAIN, OTHER_CHAIN] })
    expect(diagnosed.data.signedForChainId).toBe('1')
  })

  test('replayed nonce: the same signed transaction twice', async () => {
    const tx = signed(transfer(2, 3, 1n, 0n, 0n), 2)
    await executeBatch(store, next(), [l2(tx)])
    const error = await expectRejected([l2(tx)], NonceMismatchError)
    expect(error.data).toMatchObject({ expected: '1', actual: '0' })
    expect(error.shortMessage).toMatch(/replay/)
  })

  test('replay inside one batch', async () => {
    const tx = signed(transfer(2, 3, 1n, 0n, 0n), 2)
    await expectRejected([l2(tx), l2(tx)], NonceMismatchError)
  })

  test('nonce gap', async () => {
    const error = await expectRejected([l2(signed(transfer(2, 3, 1n, 0n, 1n), 2))], NonceMismatchError)
    expect(error.shortMessage).toMatch(/gap/)
  })

  test('insufficient balance: amount alone, and amount + fee', async () => {
    await expectRejected([l2(signed(transfer(2, 3, 1001n, 0n, 0n), 2))], InsufficientBalanceError)
    const error = await expectRejected([l2(signed(withdraw(2, 1000n, 1n, 0n), 2))], InsufficientBalanceError)
    expect(error.data).toMatchObject({ balance: '1000', required: '1001' })
  })

  test('unknown sender, unknown recipient, recipient index 0', async () => {
    const e1 = await expectRejected([l2(signed(transfer(9, 2, 1n, 0n, 0n), 2))], UnknownAccountError)
    expect(e1.data.role).toBe('from')
    const e2 = await expectRejected([l2(signed(transfer(2, 9, 1n, 0n, 0n), 2))], UnknownAccountError)
    expect(e2.data.role).toBe('to')
    await expectRejected([l2(signed(transfer(2, 0, 1n, 0n, 0n), 2))], UnknownAccountError)
  })

  test('sender without a key', async () => {
    await expectRejected([l2(signed(transfer(3, 2, 1n, 0n, 0n), 3))], AccountKeyNotSetError)
  })

  test('amount ≥ 2^64 and fee ≥ 2^32', async () => {
    await expectRejected([l2({ ...transfer(2, 3, MAX_AMOUNT, 0n, 0n), signature: { R8x: 0n, R8y: 0n, S: 0n } })], AmountOutOfRangeError)
    await expectRejected([l2({ ...transfer(2, 3, 1n, 1n << 32n, 0n), signature: { R8x: 0n, R8y: 0n, S: 0n } })], FeeOutOfRangeError)
  })

  test('non-canonical L2 transaction (WITHDRAW with a recipient)', async () => {
    await expectRejected([l2({ ...withdraw(2, 1n, 0n, 0n), to: 3 })], InvalidTransactionError)
  })

  test('recipient balance would reach 2^64', async () => {
    await executeBatch(store, next(), [op(deposit(3, MAX_AMOUNT - 1n - 500n))])
    await expectRejected([l2(signed(transfer(2, 3, 1n, 0n, 0n), 2))], AmountOutOfRangeError)
    await expectRejected([op(deposit(3, 1n))], AmountOutOfRangeError)
  })

  test('priority op for an index owned by another address', async () => {
    const e = await expectRejected([op(deposit(2, 5n, undefined, testAddress(3)))], AccountOwnerMismatchError)
    expect(e.data.accountIndex).toBe(2)
    await expectRejected([op(registerKey(2, 7, testAddress(3)))], AccountOwnerMismatchError)
  })

  test('forced exit by a non-owner, and of an empty index', async () => {
    await expectRejected([op(forcedExit(2, testAddress(3)))], AccountOwnerMismatchError)
    await expectRejected([op(forcedExit(9))], AccountOwnerMismatchError)
  })

  test('priority op on index 0', async () => {
    const error = await expectRejected([op(deposit(0, 5n))], InvalidTransactionError)
    expect(error.shortMessage).toMatch(/index 0/)
    await expectRejected([op(registerKey(0, 5))], InvalidTransactionError)
  })

  test('FORCED_EXIT carrying a key', async () => {
    const error = await expectRejected([op({ ...forcedExit(2), ...testPublicKey(2) })], InvalidTransactionError)
    expect(error.shortMessage).toMatch(/FORCED_EXIT/)
  })

  test('a transaction at nonce 2^32 − 1 (the circuit could never prove the next nonce)', async () => {
    const tree = new AccountTree(store)
    await tree.setAccount(2, { ...(await tree.getAccount(2)), nonce: MAX_NONCE - 1n })
    await expectRejected([l2(signed(transfer(2, 3, 1n, 0n, MAX_NONCE - 1n), 2))], NonceExhaustedError)
    await tree.setAccount(2, { ...(await tree.getAccount(2)), nonce: MAX_NONCE - 2n })
    const result = await executeBatch(store, next(), [l2(signed(transfer(2, 3, 1n, 0n, MAX_NONCE - 2n), 2))])
    expect(result.circuitInput.fromNonce[0]).toBe(MAX_NONCE - 2n)
  })

  test('more than BATCH_SLOTS items', async () => {
    const items = new Array<SlotItem>(BATCH_SLOTS + 1).fill({ kind: 'noop' })
    await expectRejected(items, BatchFullError)
  })

  test('fees > 0 credited to a non-existent fee account', async () => {
    const before = await snapshot(store)
    const error = await executeBatch(store, { ...next(), feeAccountIndex: 77 }, [l2(signed(transfer(2, 3, 1n, 1n, 0n), 2))]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnknownAccountError)
    expect((error as BaseError).data.role).toBe('fee')
    expect(await snapshot(store)).toBe(before)
  })

  test('the error names the failing slot, and earlier valid slots are not written either', async () => {
    const error = await expectRejected([l2(signed(transfer(2, 3, 1n, 0n, 0n), 2)), l2(signed(transfer(2, 3, 1n, 0n, 5n), 2))], NonceMismatchError)
    expect(error.data.slot).toBe(1)
  })
})

describe('BatchExecution', () => {
  test('a rejected item leaves the batch unchanged and the next item still applies', async () => {
    const execution = await BatchExecution.start(store, next())
    const rootBefore = await execution.stateRoot()
    await expect(execution.apply(l2(signed(transfer(2, 3, 5000n, 0n, 0n), 2)))).rejects.toThrow(InsufficientBalanceError)
    expect(await execution.stateRoot()).toBe(rootBefore)
    expect(execution.slotCount).toBe(0)
    const applied = await execution.apply(l2(signed(transfer(2, 3, 5n, 1n, 0n), 2)))
    expect(applied).toMatchObject({ slot: 0, fee: 1n, from: { balance: 994n, nonce: 1n }, to: { balance: 505n } })
    expect(execution.totalFees).toBe(1n)
    expect(await new AccountTree(store).root()).toBe(genesis.newStateRoot) // nothing written before commit
  })

  test('apply on a full batch throws BatchFullError; after finalize the batch is closed', async () => {
    const execution = await BatchExecution.start(store, next())
    for (let i = 0; i < BATCH_SLOTS; i++) await execution.apply({ kind: 'noop' })
    await expect(execution.apply({ kind: 'noop' })).rejects.toThrow(BatchFullError)
    await execution.finalize()
    await expect(execution.apply({ kind: 'noop' })).rejects.toThrow(BatchClosedError)
    await expect(execution.finalize()).rejects.toThrow(BatchClosedError)
    await execution.commit()
    await expect(execution.commit()).rejects.toThrow(BatchClosedError)
  })

  test('commit before finalize is refused', async () => {
    const execution = await BatchExecution.start(store, next())
    await expect(execution.commit()).rejects.toThrow(BatchClosedError)
  })
})

describe('simulateTx', () => {
  test('returns the effect and writes nothing', async () => {
    const before = await snapshot(store)
    const effect = await simulateTx(store, DOMAIN, l2(signed(withdraw(2, 10n, 2n, 0n), 2)))
    expect(effect.exit).toEqual({ address: testAddress(2), amount: 10n })
    expect(effect.from).toMatchObject({ balance: 988n, nonce: 1n })
    expect(await snapshot(store)).toBe(before)
  })

  test('throws the same typed errors', async () => {
    await expect(simulateTx(store, DOMAIN, l2(signed(withdraw(2, 10n, 2n, 3n), 2)))).rejects.toThrow(NonceMismatchError)
  })
})

describe('circuit input (§7.3)', () => {
  const SIGNALS = [
    'chainId', 'rollupAddress', 'batchNumber', 'feeAccountIndex', 'oldStateRoot', 'newStateRoot', 'exitRoot',
    'tx', 'opAddress', 'opPubAx', 'opPubAy',
    'txType', 'fromIndex', 'toIndex', 'amount', 'fee', 'sigR8x', 'sigR8y', 'sigS',
    'fromAddress', 'fromBalance', 'fromNonce', 'fromPubAx', 'fromPubAy', 'fromSiblings',
    'toAddress', 'toBalance', 'toNonce', 'toPubAx', 'toPubAy', 'toSiblings',
    'feeAddress', 'feeBalance', 'feeNonce', 'feePubAx', 'feePubAy', 'feeSiblings',
  ]

  test('has exactly the signals of §7.3, public ones first in §7.1 order, with the right shapes', async () => {
    const { circuitInput: ci } = await executeBatch(store, next(), [l2(signed(transfer(2, 3, 1n, 1n, 0n), 2))])
    expect(Object.keys(ci)).toEqual(SIGNALS)
    expect(ci.fromSiblings).toHaveLength(BATCH_SLOTS)
    for (const s of [...ci.fromSiblings, ...ci.toSiblings]) expect(s).toHaveLength(ACCOUNT_TREE_DEPTH)
    expect(ci.feeSiblings).toHaveLength(ACCOUNT_TREE_DEPTH)
  })

  test('a mixed batch replays to the executor\'s outputs, leaf by leaf', async () => {
    await executeBatch(store, next(), [l2(signed(transfer(2, 3, 10n, 1n, 0n), 2))])
    const result = await executeBatch(store, context(3n), [
      op(deposit(4, 50n, 4)),
      l2(signed(transfer(2, 2, 10n, 2n, 1n), 2)), // to oneself: the "to" leaf is read after the "from" update
      l2(signed(withdraw(1, 20n, 3n, 0n), 1)), // the fee account spends before it is credited
      op(forcedExit(3)),
    ])
    const replay = replayCircuitInput(result.circuitInput, { verifySignatures: true })
    expect(replay).toEqual({ newStateRoot: result.newStateRoot, exitRoot: result.exitRoot, publicInputs: result.publicInputs })
    // The public inputs are what the contract derives from the record and the two roots.
    const record = decodeBatchRecord(result.record)
    expect(result.publicInputs).toEqual(
      batchPublicInputs({ ...DOMAIN, batchNumber: 3n, oldStateRoot: result.oldStateRoot, newStateRoot: result.newStateRoot, exitRoot: result.exitRoot, record }),
    )
    const ci = result.circuitInput
    expect(ci.txType).toEqual([3n, 1n, 2n, 5n])
    expect(ci.sigS[0]).toBe(0n) // no signature on priority slots
    expect(ci.sigS[1]).not.toBe(0n)
    expect(ci.opAddress).toEqual([testAddress(4), 0n, 0n, testAddress(3)]) // no op data on L2 slots
    expect(ci.opPubAx).toEqual([testPublicKey(4).pubAx, 0n, 0n, 0n])
    expect(ci.tx).toEqual(result.packedTxs)
    expect(ci.toIndex).toEqual([0n, 2n, 0n, 0n])
    expect(ci.toBalance[1]).toBe(ci.fromBalance[1]! - 12n) // self-transfer: "to" is read after the debit
    expect(ci.feeBalance).toBe(100n + 1n - 23n) // read after the last slot (the earlier batch paid it 1), before the credit
  })
})

describe('executeBatchFromCalldata (light node: the record alone, no signatures)', () => {
  test('re-executes batches from their records to the same roots and public inputs', async () => {
    const mirror = new MemoryStore()
    const g = await executeBatchFromCalldata(mirror, { ...DOMAIN, batchNumber: 1n }, genesis.record)
    expect(g.newStateRoot).toBe(genesis.newStateRoot)
    expect(g.publicInputs).toEqual(genesis.publicInputs)

    const result = await executeBatch(store, next(), [
      l2(signed(transfer(2, 3, 10n, 1n, 0n), 2)),
      op(deposit(4, 50n, 4)),
      l2(signed(withdraw(2, 5n, 1n, 1n), 2)),
      op(forcedExit(3)),
    ])
    const replayed = await executeBatchFromCalldata(mirror, { ...DOMAIN, batchNumber: 2n }, result.record, {
      expectedOpHashes: [opHash(deposit(4, 50n, 4)), opHash(forcedExit(3))],
    })
    for (const key of ['newStateRoot', 'exitRoot', 'record', 'publicInputs', 'priorityOps'] as const) {
      expect(replayed[key]).toEqual(result[key])
    }
    expect(replayed.circuitInput.sigS).toEqual([0n, 0n, 0n, 0n])
    expect(await new AccountTree(mirror).root()).toBe(result.newStateRoot)
  })

  test('without the witness (witness: false) it reaches the same roots, record and inputs for fewer hashes; finalize() refuses such a batch', async () => {
    const items = [l2(signed(transfer(2, 3, 10n, 1n, 0n), 2)), op(deposit(4, 50n, 4)), l2(signed(withdraw(2, 5n, 1n, 1n), 2)), op(forcedExit(3))]
    const result = await executeBatch(store, next(), items)
    const withWitness = new MemoryStore()
    const without = new MemoryStore()
    for (const mirror of [withWitness, without]) await executeBatchFromCalldata(mirror, { ...DOMAIN, batchNumber: 1n }, genesis.record)
    let before = poseidonHashCount()
    await executeBatchFromCalldata(withWitness, { ...DOMAIN, batchNumber: 2n }, result.record)
    const hashesWith = poseidonHashCount() - before
    before = poseidonHashCount()
    const outcome = await executeBatchFromCalldata(without, { ...DOMAIN, batchNumber: 2n }, result.record, { witness: false })
    const hashesWithout = poseidonHashCount() - before
    for (const key of ['oldStateRoot', 'newStateRoot', 'exitRoot', 'exitLeaves', 'record', 'publicInputs', 'priorityOps', 'totalFees'] as const) {
      expect(outcome[key]).toEqual(result[key])
    }
    expect(outcome).not.toHaveProperty('circuitInput')
    expect(await snapshot(without)).toBe(await snapshot(withWitness))
    expect(hashesWithout).toBeLessThan(hashesWith)

    const execution = await BatchExecution.start(without, { ...DOMAIN, batchNumber: 3n, feeAccountIndex: 1 }, { witness: false })
    await expect(execution.finalize()).rejects.toThrow(InvalidParameterError)
    expect((await execution.finalizeOutcome()).newStateRoot).toBe(result.newStateRoot)
  })

  test('a priority slot whose op hash is not the next queued one is a PriorityOpMismatchError', async () => {
    const result = await executeBatch(store, next(), [op(deposit(4, 50n))], { commit: false })
    const wrong = await executeBatchFromCalldata(store, next(), result.record, { expectedOpHashes: [opHash(deposit(4, 51n))] }).catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(PriorityOpMismatchError)
    expect((wrong as BaseError).data).toMatchObject({ slot: 0, expected: opHash(deposit(4, 51n)), actual: opHash(deposit(4, 50n)) })
    const empty = await executeBatchFromCalldata(store, next(), result.record, { expectedOpHashes: [] }).catch((e: unknown) => e)
    expect(empty).toBeInstanceOf(PriorityOpMismatchError)
    // Altered op data in the record: another address for the same slot.
    const altered = result.record.slice()
    altered[3 + 17 + 19] = altered[3 + 17 + 19]! ^ 1
    const forged = await executeBatchFromCalldata(store, next(), altered, { expectedOpHashes: [opHash(deposit(4, 50n))] }).catch((e: unknown) => e)
    expect(forged).toBeInstanceOf(PriorityOpMismatchError)
    expect(await new AccountTree(store).root()).toBe(genesis.newStateRoot)
  })

  test('the record is checked like the executor checks it: owner, index 0, FORCED_EXIT key, canonical priority slot', async () => {
    const record = (slot: bigint, data: { l1Address: bigint; pubAx: bigint; pubAy: bigint }) => {
      const bytes = new Uint8Array(3 + 17 + 84)
      bytes.set([0, 1, 1])
      bytes.set(bigintToBytes(slot, 17), 3)
      bytes.set(bigintToBytes(data.l1Address, 20), 20)
      bytes.set(bigintToBytes(data.pubAx, 32), 40)
      bytes.set(bigintToBytes(data.pubAy, 32), 72)
      return bytes
    }
    const replay = (bytes: Uint8Array) => executeBatchFromCalldata(store, next(), bytes).catch((e: unknown) => e)
    expect(await replay(record(packedOp(deposit(2, 5n)), { l1Address: testAddress(3), pubAx: 0n, pubAy: 0n }))).toBeInstanceOf(AccountOwnerMismatchError)
    expect(await replay(record(packedOp(deposit(0, 5n)), { l1Address: testAddress(0), pubAx: 0n, pubAy: 0n }))).toBeInstanceOf(InvalidTransactionError)
    expect(await replay(record(packedOp(forcedExit(2)), { l1Address: testAddress(2), ...testPublicKey(2) }))).toBeInstanceOf(InvalidTransactionError)
    const depositWithFee = packedOp(deposit(2, 5n)) | (1n << 99n)
    expect(await replay(record(depositWithFee, { l1Address: testAddress(2), pubAx: 0n, pubAy: 0n }))).toBeInstanceOf(InvalidTransactionError)
    expect(await replay(record(packedOp(deposit(2, 5n)), { l1Address: 0n, pubAx: 0n, pubAy: 0n }))).toBeInstanceOf(InvalidTransactionError)
    expect(await new AccountTree(store).root()).toBe(genesis.newStateRoot)
  })

  test('an invalid L2 slot in a record (overdraft) is rejected without signatures', async () => {
    const bytes = new Uint8Array(3 + 17)
    bytes.set([0, 1, 1])
    bytes.set(bigintToBytes(packL2Tx(transfer(2, 3, 5000n, 0n, 0n)), 17), 3)
    await expect(executeBatchFromCalldata(store, next(), bytes)).rejects.toThrow(InsufficientBalanceError)
    expect(await new AccountTree(store).root()).toBe(genesis.newStateRoot)
  })

  test('a malformed record is an InvalidBatchLengthError / InvalidBatchSlotError; a non-canonical priority slot an InvalidTransactionError', async () => {
    await expect(executeBatchFromCalldata(store, next(), new Uint8Array(5))).rejects.toThrow(InvalidBatchLengthError)
    const slot = (value: bigint) => {
      const bytes = new Uint8Array(3 + 17)
      bytes.set([0, 1, 1])
      bytes.set(bigintToBytes(value, 17), 3)
      return bytes
    }
    await expect(executeBatchFromCalldata(store, next(), slot(BigInt(TxType.WITHDRAW) | (2n << 3n) | (3n << 19n)))).rejects.toThrow(InvalidBatchSlotError)
    const registerWithoutOpData = BigInt(TxType.REGISTER_KEY) | (2n << 3n)
    await expect(executeBatchFromCalldata(store, next(), slot(registerWithoutOpData))).rejects.toThrow(InvalidBatchLengthError)
    const registerWithRecipient = new Uint8Array(3 + 17 + 84)
    registerWithRecipient.set(slot(registerWithoutOpData | (3n << 19n)))
    registerWithRecipient.set(bigintToBytes(testAddress(2), 20), 20)
    await expect(executeBatchFromCalldata(store, next(), registerWithRecipient)).rejects.toThrow(InvalidTransactionError)
  })
})
