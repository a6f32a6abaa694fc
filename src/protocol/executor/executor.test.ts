import { beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { ACCOUNT_TREE_DEPTH, BATCH_SLOTS, MAX_AMOUNT, TxType } from '../constants.js'
import { loadCrypto } from '../crypto/loadCrypto.js'
import {
  AccountKeyNotSetError,
  AccountOwnerMismatchError,
  AmountOutOfRangeError,
  type BaseError,
  BatchClosedError,
  BatchFullError,
  FeeOutOfRangeError,
  InsufficientBalanceError,
  InvalidBatchDataError,
  InvalidSignatureError,
  InvalidTransactionError,
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
import type { PriorityOp } from '../tx/priorityOp.js'
import { priorityHashChain } from '../tx/priorityOp.js'
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
  genesis = await executeBatch(store, context(1n, 0n), GENESIS_OPS.map((op) => ({ kind: 'priority', op })))
})

const next = () => context(2n, genesis.newPriorityHash)
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
  test('genesis: deposits create accounts, set keys, chain the priority ops, pay no fee', async () => {
    expect(genesis.oldStateRoot).toBe(emptyStateRoot())
    expect(genesis.newPriorityHash).toBe(priorityHashChain(GENESIS_OPS))
    expect(genesis.priorityOpCount).toBe(3)
    expect(genesis.totalFees).toBe(0n)
    const tree = new AccountTree(store)
    expect(await tree.getAccount(2)).toEqual({ address: testAddress(2), balance: 1000n, nonce: 0n, ...testPublicKey(2) })
    expect(await tree.getAccount(3)).toEqual({ address: testAddress(3), balance: 500n, nonce: 0n, pubAx: 0n, pubAy: 0n })
    expect(await tree.root()).toBe(genesis.newStateRoot)
  })

  test('a transfer and a withdrawal: balances, nonces, fee credit, exit leaf, calldata', async () => {
    const result = await executeBatch(store, next(), [l2(signed(transfer(2, 3, 300n, 7n, 0n), 2)), l2(signed(withdraw(2, 100n, 3n, 1n), 2))])
    const tree = new AccountTree(store)
    expect(await tree.getAccount(2)).toMatchObject({ balance: 1000n - 307n - 103n, nonce: 2n })
    expect(await tree.getAccount(3)).toMatchObject({ balance: 800n, nonce: 0n })
    expect(await tree.getAccount(1)).toMatchObject({ balance: 110n, nonce: 0n })
    expect(result.totalFees).toBe(10n)
    expect(result.exitLeaves).toEqual([null, { address: testAddress(2), amount: 100n }, null, null])
    expect(result.packedTxs).toEqual([packL2Tx(transfer(2, 3, 300n, 7n, 0n)), packL2Tx(withdraw(2, 100n, 3n, 1n)), 0n, 0n])
    expect(result.calldata).toHaveLength(34) // trailing NOOPs are not posted
    expect(result.newPriorityHash).toBe(genesis.newPriorityHash) // no priority slot
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
    const result = await executeBatch(store, context(3n, genesis.newPriorityHash), [{ kind: 'noop' }, op(forcedExit(2))])
    expect(result.exitLeaves[1]).toEqual({ address: testAddress(2), amount: 999n })
    expect(await new AccountTree(store).getAccount(2)).toEqual({ address: testAddress(2), balance: 0n, nonce: 1n, ...testPublicKey(2) })
  })

  test('an empty batch changes nothing but still commits to its slots', async () => {
    const result = await executeBatch(store, next(), [])
    expect(result.newStateRoot).toBe(genesis.newStateRoot)
    expect(result.packedTxs).toEqual([0n, 0n, 0n, 0n])
    expect(result.calldata).toHaveLength(0)
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
    await expectRejected([op(deposit(0, 5n))], InvalidTransactionError)
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
    'publicInputHash',
    'chainId', 'rollupAddress', 'batchNumber', 'feeAccountIndex', 'oldStateRoot', 'oldPriorityHash',
    'txType', 'fromIndex', 'toIndex', 'amount', 'fee', 'sigR8x', 'sigR8y', 'sigS', 'opAddress', 'opPubAx', 'opPubAy',
    'fromAddress', 'fromBalance', 'fromNonce', 'fromPubAx', 'fromPubAy', 'fromSiblings',
    'toAddress', 'toBalance', 'toNonce', 'toPubAx', 'toPubAy', 'toSiblings',
    'feeAddress', 'feeBalance', 'feeNonce', 'feePubAx', 'feePubAy', 'feeSiblings',
  ]

  test('has exactly the signals of §7.3 (plus the public publicInputHash), with the right shapes', async () => {
    const { circuitInput: ci } = await executeBatch(store, next(), [l2(signed(transfer(2, 3, 1n, 1n, 0n), 2))])
    expect(Object.keys(ci).sort()).toEqual([...SIGNALS].sort())
    expect(ci.fromSiblings).toHaveLength(BATCH_SLOTS)
    for (const s of [...ci.fromSiblings, ...ci.toSiblings]) expect(s).toHaveLength(ACCOUNT_TREE_DEPTH)
    expect(ci.feeSiblings).toHaveLength(ACCOUNT_TREE_DEPTH)
  })

  test('a mixed batch replays to the executor\'s outputs, leaf by leaf', async () => {
    await executeBatch(store, next(), [l2(signed(transfer(2, 3, 10n, 1n, 0n), 2))])
    const result = await executeBatch(store, context(3n, genesis.newPriorityHash), [
      op(deposit(4, 50n, 4)),
      l2(signed(transfer(2, 2, 10n, 2n, 1n), 2)), // to oneself: the "to" leaf is read after the "from" update
      l2(signed(withdraw(1, 20n, 3n, 0n), 1)), // the fee account spends before it is credited
      op(forcedExit(3)),
    ])
    const replay = replayCircuitInput(result.circuitInput, { verifySignatures: true })
    expect(replay).toEqual({
      newStateRoot: result.newStateRoot,
      newPriorityHash: result.newPriorityHash,
      dataCommitment: result.dataCommitment,
      exitRoot: result.exitRoot,
      publicInputHash: result.publicInputHash,
    })
    const ci = result.circuitInput
    expect(ci.txType).toEqual([3n, 1n, 2n, 5n])
    expect(ci.sigS[0]).toBe(0n) // no signature on priority slots
    expect(ci.sigS[1]).not.toBe(0n)
    expect(ci.opAddress).toEqual([testAddress(4), 0n, 0n, testAddress(3)]) // no op data on L2 slots
    expect(ci.toIndex).toEqual([0n, 2n, 0n, 0n])
    expect(ci.toBalance[1]).toBe(ci.fromBalance[1]! - 12n) // self-transfer: "to" is read after the debit
    expect(ci.feeBalance).toBe(100n + 1n - 23n) // read after the last slot (the earlier batch paid it 1), before the credit
    expect(ci.publicInputHash).toBe(result.publicInputHash)
  })
})

describe('executeBatchFromCalldata (light node, no signatures)', () => {
  test('re-executes a batch from its calldata and the queue to the same roots and hashes', async () => {
    const mirror = new MemoryStore()
    const queue = [...GENESIS_OPS, deposit(4, 50n, 4), forcedExit(3)]
    const g = await executeBatchFromCalldata(mirror, context(1n, 0n), { txs: genesis.calldata, priorityOps: queue })
    expect(g.newStateRoot).toBe(genesis.newStateRoot)

    const result = await executeBatch(store, next(), [
      l2(signed(transfer(2, 3, 10n, 1n, 0n), 2)),
      op(queue[3]!),
      l2(signed(withdraw(2, 5n, 1n, 1n), 2)),
      op(queue[4]!),
    ])
    const replayed = await executeBatchFromCalldata(mirror, next(), { txs: result.calldata, priorityOps: queue.slice(3) })
    for (const key of ['newStateRoot', 'newPriorityHash', 'dataCommitment', 'exitRoot', 'publicInputHash'] as const) {
      expect(replayed[key]).toBe(result[key])
    }
    expect(replayed.circuitInput.sigS).toEqual([0n, 0n, 0n, 0n])
  })

  test('a priority slot that is not the next queued op is a PriorityOpMismatchError', async () => {
    const result = await executeBatch(store, next(), [op(deposit(4, 50n))], { commit: false })
    const error = await executeBatchFromCalldata(store, next(), { txs: result.calldata, priorityOps: [deposit(4, 51n)] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PriorityOpMismatchError)
    const empty = await executeBatchFromCalldata(store, next(), { txs: result.calldata, priorityOps: [] }).catch((e: unknown) => e)
    expect(empty).toBeInstanceOf(PriorityOpMismatchError)
  })

  test('an invalid L2 slot in calldata (overdraft) is rejected without signatures', async () => {
    const txs = bigintToBytes(packL2Tx(transfer(2, 3, 5000n, 0n, 0n)), 17)
    await expect(executeBatchFromCalldata(store, next(), { txs, priorityOps: [] })).rejects.toThrow(InsufficientBalanceError)
    expect(await new AccountTree(store).root()).toBe(genesis.newStateRoot)
  })

  test('malformed calldata is an InvalidBatchDataError; a non-canonical slot an InvalidTransactionError', async () => {
    await expect(executeBatchFromCalldata(store, next(), { txs: new Uint8Array(5), priorityOps: [] })).rejects.toThrow(InvalidBatchDataError)
    const nonCanonical = bigintToBytes(BigInt(TxType.WITHDRAW) | (2n << 3n) | (3n << 19n), 17)
    await expect(executeBatchFromCalldata(store, next(), { txs: nonCanonical, priorityOps: [] })).rejects.toThrow(InvalidTransactionError)
  })
})
