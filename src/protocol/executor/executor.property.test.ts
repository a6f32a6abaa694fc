/**
 * Model-based property test of the executor: random sequences of deposits, key registrations,
 * transfers, withdrawals and forced exits (valid and invalid) run through BatchExecution over
 * several batches, against a plain-bigint model of the accounts. The model predicts, for every
 * item, either its effect or the typed error it must raise.
 */
import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { type Account, leafHash } from '../account.js'
import { accInputHash, GENESIS_ACC_INPUT_HASH } from '../batch/accInputHash.js'
import { opHash } from '../batch/opHash.js'
import { TxType } from '../constants.js'
import { loadCrypto } from '../crypto/loadCrypto.js'
import {
  AccountKeyNotSetError,
  AccountOwnerMismatchError,
  InsufficientBalanceError,
  NonceMismatchError,
  UnknownAccountError,
} from '../errors.js'
import { MemoryStore } from '../store/memoryStore.js'
import { context, deposit, forcedExit, registerKey, signed, testAddress, testPublicKey, transfer, withdraw } from '../testing/fixtures.js'
import { replayCircuitInput } from '../testing/replayCircuitInput.js'
import { AccountTree } from '../tree/accountTree.js'
import type { L2Tx } from '../tx/l2Tx.js'
import type { PriorityOp } from '../tx/priorityOp.js'
import { BatchExecution } from './batchExecution.js'
import { executeBatchFromCalldata } from './executeBatchFromCalldata.js'
import type { BatchResult, SlotItem } from './types.js'

beforeAll(loadCrypto)

const FEE_ACCOUNT = 1
const INDICES = [1, 2, 3, 4, 5]

// L2 commands name their sender and recipient by a pick among the accounts that exist when the
// command runs (so most of them are meaningful), or by an index that may not exist yet.
type Party = { existing: true; pick: number } | { existing: false; index: number }
type Command =
  | { t: 'deposit'; idx: number; amount: bigint; keySeed: number | null }
  | { t: 'register'; idx: number; keySeed: number }
  | { t: 'transfer'; from: Party; to: Party; percent: number; fee: bigint; nonceDelta: number }
  | { t: 'withdraw'; from: Party; percent: number; fee: bigint; nonceDelta: number }
  | { t: 'forcedExit'; idx: number }

const idx = fc.constantFrom(...INDICES)
const keySeed = fc.constantFrom(1, 2, 3)
const party: fc.Arbitrary<Party> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ existing: fc.constant(true as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ existing: fc.constant(false as const), index: fc.constantFrom(0, ...INDICES) }) },
)
const nonceDelta = fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) })
const percent = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: fc.integer({ min: 101, max: 200 }) })
const fee = fc.bigInt({ min: 0n, max: 20n })
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('deposit' as const), idx, amount: fc.bigInt({ min: 0n, max: 10_000n }), keySeed: fc.option(keySeed, { freq: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('register' as const), idx, keySeed }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('transfer' as const), from: party, to: party, percent, fee, nonceDelta }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('withdraw' as const), from: party, percent, fee, nonceDelta }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('forcedExit' as const), idx }) },
)

type ModelAccount = { balance: bigint; nonce: bigint; keySeed: number | null }
type ErrorClass = abstract new (...args: never[]) => Error
type Step = { item: SlotItem; expected: ErrorClass | null; apply: () => void; l2From?: number }

/** Turns a command into an item plus the model's prediction, given the model's current state. */
function plan(command: Command, model: Map<number, ModelAccount>): Step {
  const nothing = () => {}
  switch (command.t) {
    case 'deposit':
    case 'register': {
      const op: PriorityOp =
        command.t === 'deposit' ? deposit(command.idx, command.amount, command.keySeed ?? undefined) : registerKey(command.idx, command.keySeed)
      return {
        item: { kind: 'priority', op },
        expected: null,
        apply: () => {
          const account = model.get(command.idx) ?? { balance: 0n, nonce: 0n, keySeed: null }
          model.set(command.idx, {
            ...account,
            balance: account.balance + op.amount,
            keySeed: command.keySeed ?? account.keySeed,
          })
        },
      }
    }
    case 'forcedExit': {
      const account = model.get(command.idx)
      return {
        item: { kind: 'priority', op: forcedExit(command.idx) },
        expected: account ? null : AccountOwnerMismatchError,
        apply: () => model.set(command.idx, { ...account!, balance: 0n }),
      }
    }
    case 'transfer':
    case 'withdraw': {
      const existing = [...model.keys()].sort((a, b) => a - b)
      const resolve = (p: Party) => (p.existing ? existing[p.pick % existing.length]! : p.index)
      const from = resolve(command.from)
      const sender = model.get(from)
      const balance = sender?.balance ?? 0n
      const amount = (balance * BigInt(command.percent)) / 100n
      const nonce = (sender?.nonce ?? 0n) + BigInt(command.nonceDelta)
      const to = command.t === 'transfer' ? resolve(command.to) : 0
      const signedNonce = nonce < 0n ? 1n : nonce // "replay" of nonce -1 is impossible: use a gap instead
      const tx: L2Tx = command.t === 'transfer' ? transfer(from, to, amount, command.fee, signedNonce) : withdraw(from, amount, command.fee, signedNonce)
      const unsigned: SlotItem = { kind: 'l2', tx: { ...tx, signature: { R8x: 0n, R8y: 0n, S: 0n } } }
      // Rules in the executor's order (§4.4): existence, key, nonce, balance, signature.
      if (!sender) return { item: unsigned, expected: UnknownAccountError, apply: nothing }
      if (command.t === 'transfer' && !model.has(to)) return { item: unsigned, expected: UnknownAccountError, apply: nothing }
      if (sender.keySeed === null) return { item: unsigned, expected: AccountKeyNotSetError, apply: nothing }
      if (tx.nonce !== sender.nonce) return { item: unsigned, expected: NonceMismatchError, apply: nothing }
      if (amount + command.fee > balance) return { item: unsigned, expected: InsufficientBalanceError, apply: nothing }
      return {
        item: { kind: 'l2', tx: signed(tx, sender.keySeed) },
        expected: null,
        l2From: from,
        apply: () => {
          model.set(from, { ...sender, balance: sender.balance - amount - command.fee, nonce: sender.nonce + 1n })
          if (command.t === 'transfer') {
            const recipient = model.get(to)!
            model.set(to, { ...recipient, balance: recipient.balance + amount })
          }
        },
      }
    }
  }
}

function modelAccount(index: number, account: ModelAccount): Account {
  const key = account.keySeed === null ? { pubAx: 0n, pubAy: 0n } : testPublicKey(account.keySeed)
  return { address: testAddress(index), balance: account.balance, nonce: account.nonce, ...key }
}

test('random batches conserve value, step nonces by one, match the model and a from-scratch rebuild', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 10 }), fc.func(fc.integer()), async (commands, shuffleKey) => {
      const store = new MemoryStore()
      const mirror = new MemoryStore() // a light node re-executing calldata
      const model = new Map<number, ModelAccount>()
      const consumedOps: PriorityOp[] = []
      let mirrorOpsDone = 0
      let accInput = GENESIS_ACC_INPUT_HASH
      let mirrorAccInput = GENESIS_ACC_INPUT_HASH
      let deposits = 0n
      let exits = 0n
      let batchNumber = 1n

      // The fee account exists (with a key and funds) from the first slot on, so a batch with
      // fees can always be credited.
      const all: Command[] = [{ t: 'deposit', idx: FEE_ACCOUNT, amount: 1000n, keySeed: 1 }, ...commands]
      let execution = await BatchExecution.start(store, context(batchNumber, FEE_ACCOUNT))
      let fees = 0n

      const closeBatch = async () => {
        const result: BatchResult = await execution.finalize()
        await execution.commit()
        const feeAccount = model.get(FEE_ACCOUNT)!
        model.set(FEE_ACCOUNT, { ...feeAccount, balance: feeAccount.balance + fees })
        exits += result.exitLeaves.reduce((sum, exit) => sum + (exit?.amount ?? 0n), 0n)

        // Conservation: every gwei deposited is in a balance (fees included) or has exited.
        const tree = new AccountTree(store)
        let total = 0n
        for (const index of [0, ...INDICES]) {
          const account = await tree.getAccount(index)
          total += account.balance
          const expected = model.get(index)
          expect(account).toEqual(expected ? modelAccount(index, expected) : { address: 0n, balance: 0n, nonce: 0n, pubAx: 0n, pubAy: 0n })
        }
        expect(total).toBe(deposits - exits)

        // The root equals a tree rebuilt from scratch, in another order.
        const rebuilt = new AccountTree(new MemoryStore())
        const entries = [...model.entries()].sort(([a], [b]) => shuffleKey(a) - shuffleKey(b) || a - b)
        for (const [index, account] of entries) await rebuilt.setAccount(index, modelAccount(index, account))
        expect(await rebuilt.root()).toBe(result.newStateRoot)

        // The circuit input replays to the same outputs.
        const replay = replayCircuitInput(result.circuitInput, { verifySignatures: false })
        expect(replay.newStateRoot).toBe(result.newStateRoot)
        expect(replay.publicInputs).toEqual(result.publicInputs)

        // A light node re-executing the record alone reaches the same state and public inputs,
        // checking its priority slots against the queue's op hashes as the contract does.
        const light = await executeBatchFromCalldata(mirror, result.context, result.record, {
          expectedOpHashes: consumedOps.slice(mirrorOpsDone).map(opHash),
        })
        mirrorOpsDone += light.priorityOpCount
        expect(light.newStateRoot).toBe(result.newStateRoot)
        expect(light.publicInputs).toEqual(result.publicInputs)
        accInput = accInputHash(accInput, result.record)
        mirrorAccInput = accInputHash(mirrorAccInput, light.record)
        expect(mirrorAccInput).toBe(accInput)

        batchNumber++
        fees = 0n
        execution = await BatchExecution.start(store, context(batchNumber, FEE_ACCOUNT))
      }

      for (const command of all) {
        const step = plan(command, model)
        const rootBefore = await execution.stateRoot()
        const nonceBefore = step.l2From === undefined ? 0n : model.get(step.l2From)!.nonce
        if (step.expected) {
          await expect(execution.apply(step.item)).rejects.toBeInstanceOf(step.expected)
          expect(await execution.stateRoot()).toBe(rootBefore)
          continue
        }
        const applied = await execution.apply(step.item)
        step.apply()
        if (step.l2From !== undefined) expect(applied.from.nonce).toBe(nonceBefore + 1n)
        if (step.item.kind === 'priority') {
          consumedOps.push(step.item.op)
          if (step.item.op.opType === TxType.DEPOSIT) deposits += step.item.op.amount
        }
        fees += applied.fee
        if (execution.remainingSlots === 0) await closeBatch()
      }
      if (execution.slotCount > 0) await closeBatch()
    }),
    { numRuns: 15 },
  )
})

test('leafHash of the model account is what the tree stores (sanity of the model mapping)', async () => {
  const store = new MemoryStore()
  const tree = new AccountTree(store)
  const account = modelAccount(2, { balance: 5n, nonce: 1n, keySeed: 1 })
  await tree.setAccount(2, account)
  expect(await tree.getLeafHash(2)).toBe(leafHash(account))
})
