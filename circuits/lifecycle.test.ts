/**
 * Issue 3's acceptance run, in one place: random accounts go through deposits (priority ops),
 * a key registration, transfers, withdrawals and a forced exit; the executor builds each batch,
 * the committed zkey proves it and the pinned verification key accepts it. Then every invalid
 * transaction kind is shown to be refused by BOTH the executor (with its typed error) and the
 * circuit (no witness exists for the same slot against the same state).
 *
 * Amounts come from a seeded generator, so a failure reproduces; the expected balances are
 * tracked here with plain bigint arithmetic, independent of the executor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SNARK_SCALAR_FIELD } from '../src/protocol/constants.js'
import { loadCrypto } from '../src/protocol/crypto/loadCrypto.js'
import {
  AccountKeyNotSetError, AccountOwnerMismatchError, AmountOutOfRangeError, type BaseError, FeeOutOfRangeError,
  InsufficientBalanceError, InvalidSignatureError, InvalidTransactionError, NonceExhaustedError, NonceMismatchError,
  UnknownAccountError,
} from '../src/protocol/errors.js'
import { executeBatch } from '../src/protocol/executor/executeBatch.js'
import type { BatchResult, SlotItem } from '../src/protocol/executor/types.js'
import { MemoryStore } from '../src/protocol/store/memoryStore.js'
import {
  OTHER_CHAIN, context, deposit, forcedExit, registerKey, signed, testAddress, testKey, testPublicKey, transfer, withdraw,
} from '../src/protocol/testing/fixtures.js'
import { AccountTree } from '../src/protocol/tree/accountTree.js'
import { proveBatch } from '../src/prover/proveBatch.js'
import { releaseCurve } from '../src/prover/releaseCurve.js'
import { verifyBatchProof } from '../src/prover/verifyBatchProof.js'
import { buildRawBatch, loadRawCrypto } from './testing/rawBatch.js'
import { DOMAIN, mirrorState, rawSlotsOf } from './testing/scenario.js'
import { witnessFailure } from './testing/witness.js'
import { ARTIFACT_PATHS } from './tooling/paths.js'

const artifacts = { wasm: ARTIFACT_PATHS.wasm, zkey: ARTIFACT_PATHS.zkey }
const ACCOUNTS = [1, 2, 3, 4, 5] as const
const FEE_ACCOUNT = 5

/** mulberry32: a tiny seeded generator, so every run uses the same "random" amounts. */
function seeded(seed: number): (min: number, max: number) => bigint {
  let a = seed >>> 0
  return (min, max) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    const unit = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
    return BigInt(min + Math.floor(unit * (max - min + 1)))
  }
}

const store = new MemoryStore()
const tree = new AccountTree(store)
const results: BatchResult[] = []
/** Expected balances, nonces and totals, tracked independently of the executor. */
const expected = new Map<number, { balance: bigint; nonce: bigint }>(ACCOUNTS.map((i) => [i, { balance: 0n, nonce: 0n }]))
let deposited = 0n
let exited = 0n

function credit(index: number, amount: bigint): void {
  expected.get(index)!.balance += amount
}
function debit(index: number, amount: bigint, nonceStep = 1n): void {
  const account = expected.get(index)!
  account.balance -= amount
  account.nonce += nonceStep
}

async function runBatch(items: SlotItem[]): Promise<BatchResult> {
  const batchNumber = BigInt(results.length + 1)
  const result = await executeBatch(store, context(batchNumber, FEE_ACCOUNT), items)
  results.push(result)
  return result
}

beforeAll(async () => {
  await Promise.all([loadCrypto(), loadRawCrypto()])
})

afterAll(async () => {
  await releaseCurve()
})

describe('lifecycle: deposits → key registration → transfers → withdrawals → forced exit, each batch proven', () => {
  const amount = seeded(0x4c616e74)

  it('builds four batches with the executor and tracks every balance', async () => {
    // Batch 1: four deposits (priority ops); accounts 1 and 2 register their key with the deposit.
    const d = ACCOUNTS.slice(0, 4).map(() => amount(50_000, 5_000_000))
    await runBatch([
      { kind: 'priority', op: deposit(1, d[0]!, 1) },
      { kind: 'priority', op: deposit(2, d[1]!, 2) },
      { kind: 'priority', op: deposit(3, d[2]!) },
      { kind: 'priority', op: deposit(4, d[3]!) },
    ])
    d.forEach((value, i) => credit(i + 1, value))
    deposited += d.reduce((a, b) => a + b, 0n)

    // Batch 2: account 3 registers its key on L1; account 5 (the fee account) is created by a
    // deposit; two signed transfers pay fees into account 5.
    const [t1, t2, d5] = [amount(1, 40_000), amount(1, 40_000), amount(1_000, 9_000)]
    const [f1, f2] = [amount(0, 50), amount(0, 50)]
    await runBatch([
      { kind: 'priority', op: registerKey(3, 3) },
      { kind: 'priority', op: deposit(5, d5) },
      { kind: 'l2', tx: signed(transfer(1, 3, t1, f1, 0n), 1) },
      { kind: 'l2', tx: signed(transfer(2, 4, t2, f2, 0n), 2) },
    ])
    credit(5, d5)
    deposited += d5
    debit(1, t1 + f1)
    credit(3, t1)
    debit(2, t2 + f2)
    credit(4, t2)
    credit(FEE_ACCOUNT, f1 + f2)

    // Batch 3: the newly keyed account 3 pays back, two withdrawals, one more transfer.
    const [t3, w1, w2, t4] = [amount(1, 20_000), amount(1, 20_000), amount(1, 20_000), amount(1, 20_000)]
    const [f3, f4, f5, f6] = [amount(0, 9), amount(0, 9), amount(0, 9), amount(0, 9)]
    await runBatch([
      { kind: 'l2', tx: signed(transfer(3, 1, t3, f3, 0n), 3) },
      { kind: 'l2', tx: signed(withdraw(1, w1, f4, 1n), 1) },
      { kind: 'l2', tx: signed(withdraw(2, w2, f5, 1n), 2) },
      { kind: 'l2', tx: signed(transfer(1, 2, t4, f6, 2n), 1) },
    ])
    debit(3, t3 + f3)
    credit(1, t3)
    debit(1, w1 + f4)
    debit(2, w2 + f5)
    debit(1, t4 + f6)
    credit(2, t4)
    credit(FEE_ACCOUNT, f3 + f4 + f5 + f6)
    exited += w1 + w2

    // Batch 4: account 4 never set a key; it leaves through the L1 forced exit. Two NOOPs pad it.
    const drained = expected.get(4)!.balance
    await runBatch([{ kind: 'priority', op: forcedExit(4) }, { kind: 'noop' }])
    debit(4, drained, 0n)
    exited += drained

    expect(results.map((r) => r.exitLeaves.filter(Boolean).length)).toEqual([0, 0, 2, 1])
    expect(results[3]!.exitLeaves[0]).toEqual({ address: testAddress(4), amount: drained })

    let total = 0n
    for (const index of ACCOUNTS) {
      const account = await tree.getAccount(index)
      expect(account.balance, `balance of ${index}`).toBe(expected.get(index)!.balance)
      expect(account.nonce, `nonce of ${index}`).toBe(expected.get(index)!.nonce)
      total += account.balance
    }
    // Conservation: what is on L2 is exactly what came in minus what left (fees stay on L2).
    expect(total).toBe(deposited - exited)
    expect(await tree.root()).toBe(results.at(-1)!.newStateRoot)
  })

  it('proves every batch with the committed zkey and verifies it with the pinned key', async () => {
    expect(results).toHaveLength(4)
    for (const [i, result] of results.entries()) {
      expect(result.oldStateRoot).toBe(i === 0 ? results[0]!.oldStateRoot : results[i - 1]!.newStateRoot)
      const { proof, publicSignals } = await proveBatch(result.circuitInput, artifacts)
      expect(publicSignals, `batch ${i + 1}`).toEqual(result.publicInputs.map(String))
      expect(await verifyBatchProof(proof, result.publicInputs), `batch ${i + 1}`).toBe(true)
      // A proof is for its own batch only.
      const other = results[(i + 1) % results.length]!
      expect(await verifyBatchProof(proof, other.publicInputs)).toBe(false)
    }
  })
})

describe('every invalid kind is refused by the executor and by the circuit', () => {
  // Against the state after the lifecycle: accounts 1, 2, 3 keyed with nonces 3, 2, 1; account
  // 4 drained and keyless; account 5 (fee account) keyless; index 6 empty.
  type Case = {
    name: string
    item: () => SlotItem
    error: abstract new (...args: never[]) => BaseError
    /** For out-of-range fields no signature can be made in TypeScript (signTx refuses them): the
     * circuit side then signs the slot's wrapped packed value validly with this key, so only
     * the range check can refuse it, and the executor gets a borrowed signature it never reaches. */
    signInCircuitWith?: number
  }
  const p = SNARK_SCALAR_FIELD
  const borrowedSignature = () => signed(transfer(1, 2, 1n, 0n, 3n), 1).signature
  const outOfRange = (tx: ReturnType<typeof transfer>): SlotItem => ({ kind: 'l2', tx: { ...tx, signature: borrowedSignature() } })
  const cases: Case[] = [
    {
      name: 'forged signature (S replaced)',
      item: () => {
        const tx = signed(transfer(1, 2, 10n, 1n, 3n), 1)
        return { kind: 'l2', tx: { ...tx, signature: { ...tx.signature, S: tx.signature.S ^ 1n } } }
      },
      error: InvalidSignatureError,
    },
    { name: 'signature by another key', item: () => ({ kind: 'l2', tx: signed(transfer(1, 2, 10n, 1n, 3n), 2) }), error: InvalidSignatureError },
    { name: 'signature for another chain', item: () => ({ kind: 'l2', tx: signed(transfer(1, 2, 10n, 1n, 3n), 1, OTHER_CHAIN) }), error: InvalidSignatureError },
    { name: 'replayed nonce', item: () => ({ kind: 'l2', tx: signed(transfer(1, 2, 10n, 1n, 2n), 1) }), error: NonceMismatchError },
    { name: 'overdraft (amount + fee > balance)', item: () => ({ kind: 'l2', tx: signed(transfer(2, 1, 10n ** 12n, 1n, 2n), 2) }), error: InsufficientBalanceError },
    { name: 'amount that wraps the field', item: () => outOfRange(transfer(1, 2, p - 5n, 0n, 3n)), error: AmountOutOfRangeError, signInCircuitWith: 1 },
    { name: 'amount ≥ 2^64', item: () => outOfRange(withdraw(1, 1n << 64n, 0n, 3n)), error: AmountOutOfRangeError, signInCircuitWith: 1 },
    { name: 'fee that wraps the field', item: () => outOfRange(transfer(1, 2, 1n, p - 1n, 3n)), error: FeeOutOfRangeError, signInCircuitWith: 1 },
    { name: 'transfer to an empty account', item: () => ({ kind: 'l2', tx: signed(transfer(1, 6, 10n, 1n, 3n), 1) }), error: UnknownAccountError },
    { name: 'transfer from a keyless account', item: () => ({ kind: 'l2', tx: signed(transfer(5, 1, 1n, 0n, 0n), 5) }), error: AccountKeyNotSetError },
    { name: "deposit into another address's account", item: () => ({ kind: 'priority', op: deposit(2, 10n, undefined, testAddress(9)) }), error: AccountOwnerMismatchError },
    { name: 'forced exit by a non-owner', item: () => ({ kind: 'priority', op: forcedExit(1, testAddress(9)) }), error: AccountOwnerMismatchError },
    { name: 'forced exit carrying a key', item: () => ({ kind: 'priority', op: { ...forcedExit(1), ...testPublicKey(1) } }), error: InvalidTransactionError },
    { name: 'deposit to index 0', item: () => ({ kind: 'priority', op: deposit(0, 10n, undefined, testAddress(9)) }), error: InvalidTransactionError },
    { name: 'key registration on index 0', item: () => ({ kind: 'priority', op: registerKey(0, 9, testAddress(9)) }), error: InvalidTransactionError },
  ]

  for (const { name, item, error, signInCircuitWith } of cases) {
    it(name, async () => {
      const last = results.at(-1)
      if (!last) throw new Error('the lifecycle batches must run first')
      const rootBefore = await tree.root()
      const ctx = context(BigInt(results.length + 1), FEE_ACCOUNT)

      // Executor: the typed error, and the state is unchanged.
      await expect(executeBatch(store, ctx, [item()])).rejects.toBeInstanceOf(error)
      expect(await tree.root()).toBe(rootBefore)

      // Circuit: the same slot on the same state has no witness. The rule-free builder applies
      // the circuit's formulas without checking anything and recomputes every root and the
      // public inputs consistently, so only the broken rule can refuse it.
      const raw = buildRawBatch({
        tree: await mirrorState(store, [...ACCOUNTS, 6]),
        context: { ...DOMAIN, batchNumber: ctx.batchNumber, feeAccountIndex: BigInt(FEE_ACCOUNT) },
        // (`sign` takes precedence over the borrowed signature in the builder.)
        slots: rawSlotsOf([item()]).map((slot) =>
          signInCircuitWith === undefined ? slot : { ...slot, sign: { key: testKey(signInCircuitWith) } }),
      })
      expect(raw.input.oldStateRoot).toBe(rootBefore)
      await expect(witnessFailure(raw.input)).resolves.toMatchObject({ template: expect.any(String) })
    })
  }

  it('transaction at nonce 2^32 − 1', async () => {
    // No executor path reaches this nonce (it grows by one per signed transaction), so the
    // account is written straight into a scratch copy of the state: keyed, funded, at the bound.
    const scratch = new MemoryStore()
    const scratchTree = new AccountTree(scratch)
    for (const index of ACCOUNTS) await scratchTree.setAccount(index, await tree.getAccount(index))
    const MAX_NONCE = (1n << 32n) - 1n
    await scratchTree.setAccount(7, { address: testAddress(7), balance: 1_000n, nonce: MAX_NONCE, ...testPublicKey(7) })
    const item = (): SlotItem => ({ kind: 'l2', tx: signed(transfer(7, 1, 10n, 1n, MAX_NONCE), 7) })
    const ctx = context(BigInt(results.length + 1), FEE_ACCOUNT)
    await expect(executeBatch(scratch, ctx, [item()])).rejects.toBeInstanceOf(NonceExhaustedError)

    const raw = buildRawBatch({
      tree: await mirrorState(scratch, [...ACCOUNTS, 7]),
      context: { ...DOMAIN, batchNumber: ctx.batchNumber, feeAccountIndex: BigInt(FEE_ACCOUNT) },
      slots: rawSlotsOf([item()]),
    })
    expect(raw.input.oldStateRoot).toBe(await scratchTree.root())
    await expect(witnessFailure(raw.input)).resolves.toMatchObject({ template: 'Num2Bits' })
  })
})
