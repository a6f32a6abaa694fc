// The escape hatch (docs/PROTOCOL.md §5.4): once the oldest priority op no verified batch consumed
// is past its deadline, anyone freezes the rollup; then each account withdraws its last verified
// balance once (Merkle proof from src/protocol's AccountTree), unconsumed deposits are refunded once
// to their payer, and verified exits stay claimable — which together drain the Bridge to exactly 0.
import { parseEther, type Address } from 'viem'
import { beforeEach, describe, expect, it } from 'vitest'
import { bridgeAbi, rollupAbi } from '../generated/abis'
import { type Account } from '../../src/protocol/account'
import { SNARK_SCALAR_FIELD } from '../../src/protocol/constants'
import { exitProof, type Exit } from '../../src/protocol/batch/exitTree'
import { MemoryStore } from '../../src/protocol/store/memoryStore'
import { AccountTree } from '../../src/protocol/tree/accountTree'
import {
  GWEI,
  bridgeTestAbi,
  deposit,
  expectRevert,
  forcedExit,
  mineBlocks,
  mined,
  registerKey,
  rawRecord,
  rollupTestAbi,
  sequenceRecords,
  transferSlot,
  verifyBatches,
  withdrawSlot,
  type Lantern,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern

useLantern({ verifier: 'mock' }, (lantern) => {
  L = lantern
})

const ALICE_KEY = [5n, 6n] as const
const BOB_KEY = [7n, 8n] as const
let tree: AccountTree
let alice: Account
let bob: Account
let exits: (Exit | null)[]

/**
 * op0 alice → alice 3 ETH (index 1), op1 bob → bob 2 ETH (index 2); batch 1 (verified) consumes both,
 * transfers 1 ETH alice → bob and withdraws 0.5 ETH of bob's (exit slot 3).
 * op2 alice → alice 0.5 ETH, consumed by batch 2, which is sequenced but never verified.
 * op3 carol pays 1 ETH for bob, op4 carol registers a key: queued, never sequenced.
 * The Bridge then holds 6.5 ETH: escapes 2 + 2.5, exit 0.5, refunds 0.5 + 1.
 */
beforeEach(async () => {
  await mined(L, deposit(L, L.alice, L.alice, parseEther('3'), ALICE_KEY))
  await mined(L, deposit(L, L.bob, L.bob, parseEther('2'), BOB_KEY))
  let ops = await L.model.syncOps()
  await L.model.sequence([{ slots: [ops[0]!.packed, ops[1]!.packed, transferSlot(1, 2, 1_000_000_000n), withdrawSlot(2, 500_000_000n)] }])

  await L.model.verifyWithMock(1, 1)
  // The state the executor computes from batch 1's record: the one escapes must prove against.
  tree = new AccountTree((await L.model.executeVerified(1)).store)
  alice = await tree.getAccount(1)
  bob = await tree.getAccount(2)
  expect(alice).toEqual({ address: BigInt(L.alice), balance: 2_000_000_000n, nonce: 1n, pubAx: ALICE_KEY[0], pubAy: ALICE_KEY[1] })
  expect(bob).toEqual({ address: BigInt(L.bob), balance: 2_500_000_000n, nonce: 1n, pubAx: BOB_KEY[0], pubAy: BOB_KEY[1] })
  exits = (await L.model.rootsOf(1)).exits
  expect(exits).toEqual([null, null, null, { address: BigInt(L.bob), amount: 500_000_000n }])

  await mined(L, deposit(L, L.alice, L.alice, parseEther('0.5')))
  ops = await L.model.syncOps()
  await L.model.sequence([{ slots: [ops[2]!.packed] }])
  await mined(L, deposit(L, L.carol, L.bob, parseEther('1')))
  await mined(L, registerKey(L, L.carol, [9n, 10n]))
  await L.model.syncOps()
})

const activate = (from: Address = L.stranger) =>
  L.wallet(from).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'activateEscapeHatch', args: [] })

async function mineUntil(block: bigint) {
  const now = await L.publicClient.getBlockNumber({ cacheTime: 0 })
  if (block > now) await mineBlocks(L, block - now)
}

/** Mines past op 2's deadline and freezes the rollup. */
async function freeze() {
  await mineUntil(L.model.ops[2]!.deadline)
  await mined(L, activate())
}

function escape(index: number, account: Account, siblings: readonly bigint[], from: Address = L.stranger) {
  return L.wallet(from).writeContract({
    address: L.bridge,
    abi: bridgeTestAbi,
    functionName: 'escapeWithdraw',
    args: [index, `0x${account.address.toString(16).padStart(40, '0')}`, account.balance, Number(account.nonce), account.pubAx, account.pubAy, siblings as never],
  })
}

/** refundDeposit with the op's preimage as queued (from the model's PriorityOpQueued events), or `override`. */
const refund = (opIndex: bigint, from: Address = L.stranger, override: Partial<{ l1Address: Address; pubAx: bigint; pubAy: bigint; amount: bigint }> = {}) => {
  const op = L.model.ops[Number(opIndex)]
  const l1Address = override.l1Address ?? (op ? (`0x${op.l1Address.toString(16).padStart(40, '0')}` as Address) : L.alice)
  const args = [opIndex, l1Address, override.pubAx ?? op?.pubAx ?? 0n, override.pubAy ?? op?.pubAy ?? 0n, override.amount ?? op?.amount ?? 1n] as const
  return L.wallet(from).writeContract({ address: L.bridge, abi: bridgeTestAbi, functionName: 'refundDeposit', args })
}

const readRollup = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
  L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never })

describe('activation', () => {
  it('is refused until the oldest op no verified batch consumed is past its deadline', async () => {
    const op2 = L.model.ops[2]!
    await expectRevert(activate(), 'Rollup__PriorityOpNotOverdue', [2n, op2.deadline])
    await mineUntil(op2.deadline - 1n) // the next block is the deadline itself: still in time
    await expectRevert(activate(), 'Rollup__PriorityOpNotOverdue', [2n, op2.deadline])
    await mineUntil(op2.deadline) // the next block is past it
    const receipt = await mined(L, activate())
    expect(receipt.blockNumber).toBe(op2.deadline + 1n)
    expect(await readRollup('frozen')).toBe(true)
    const events = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'EscapeHatchActivated', fromBlock: 0n })
    expect(events.map((e) => e.args)).toEqual([{ overdueOpIndex: 2n, lastVerifiedBatch: 1n, stateRoot: await tree.root() }])
  })

  it('is refused when no op is pending', async () => {
    // Verify batch 2 and a batch 3 consuming ops 3 and 4: the queue is empty again.
    await L.model.verifyWithMock(2, 2)
    await L.model.sequence([{ slots: [L.model.ops[3]!.packed, L.model.ops[4]!.packed] }])
    await L.model.verifyWithMock(3, 3)
    await mineUntil(L.model.ops[4]!.deadline + 10n)
    await expectRevert(activate(), 'Rollup__NoPendingPriorityOp')
  })

  it('is not postponed by sequencing: only a verified batch consumes an op for the deadline', async () => {
    // op 2 is in sequenced batch 2; sequencing ops 3 and 4 too does not save the rollup either.
    await L.model.sequence([{ slots: [L.model.ops[3]!.packed, L.model.ops[4]!.packed] }])
    await freeze()
  })

  it('freezes everything else for good', async () => {
    await freeze()
    await expectRevert(activate(), 'Rollup__Frozen')
    await expectRevert(sequenceRecords(L, [rawRecord([])]), 'Rollup__Frozen')
    await expectRevert(verifyBatches(L, 2n, L.model.recordsOf(2, 2), []), 'Rollup__Frozen')
    await expectRevert(deposit(L, L.alice, L.alice, GWEI), 'Rollup__Frozen')
    await expectRevert(registerKey(L, L.alice, [1n, 2n]), 'Rollup__Frozen')
    await expectRevert(forcedExit(L, L.alice), 'Rollup__Frozen')
  })
})

describe('before the escape hatch', () => {
  it('refuses escape withdrawals and refunds while the rollup is live', async () => {
    await expectRevert(escape(1, alice, await tree.proof(1)), 'Bridge__NotFrozen')
    await expectRevert(refund(3n), 'Bridge__NotFrozen')
    await mineUntil(L.model.ops[2]!.deadline + 5n) // overdue but not activated: still live
    await expectRevert(escape(1, alice, await tree.proof(1)), 'Bridge__NotFrozen')
  })
})

describe('escapeWithdraw', () => {
  beforeEach(freeze)

  it('pays the last verified balance to the leaf’s owner, once per account', async () => {
    const before = await L.publicClient.getBalance({ address: L.alice })
    const receipt = await mined(L, escape(1, alice, await tree.proof(1)))
    expect(await L.publicClient.getBalance({ address: L.alice })).toBe(before + alice.balance * GWEI)
    const events = await L.publicClient.getContractEvents({ address: L.bridge, abi: bridgeAbi, eventName: 'EscapeWithdrawn', blockHash: receipt.blockHash })
    expect(events.map((e) => e.args)).toEqual([{ accountIndex: 1, recipient: L.alice, amount: alice.balance }])
    expect(await L.publicClient.readContract({ address: L.bridge, abi: bridgeAbi, functionName: 'hasEscaped', args: [1] })).toBe(true)
    await expectRevert(escape(1, alice, await tree.proof(1)), 'Bridge__AlreadyEscaped', [1])
    await expectRevert(escape(1, alice, await tree.proof(1), L.alice), 'Bridge__AlreadyEscaped', [1])
  })

  it('refuses key fields and siblings ≥ r, which Poseidon would reduce to the real leaf', async () => {
    // On main before v2 each of these verified (poseidon-solidity reduces mod r) and paid alice once.
    const proof = await tree.proof(1)
    await expectRevert(escape(1, { ...alice, pubAx: alice.pubAx + SNARK_SCALAR_FIELD }, proof), 'Bridge__InvalidFieldElement', [alice.pubAx + SNARK_SCALAR_FIELD])
    await expectRevert(escape(1, { ...alice, pubAy: alice.pubAy + SNARK_SCALAR_FIELD }, proof), 'Bridge__InvalidFieldElement', [alice.pubAy + SNARK_SCALAR_FIELD])
    for (const k of [0, 15]) {
      const bad = proof.map((s, i) => (i === k ? s + SNARK_SCALAR_FIELD : s))
      await expectRevert(escape(1, alice, bad), 'Bridge__InvalidFieldElement', [proof[k]! + SNARK_SCALAR_FIELD])
    }
    await mined(L, escape(1, alice, proof))
  })

  it('refuses a wrong balance, nonce, key or owner, and another account’s proof', async () => {
    const proof = await tree.proof(1)
    await expectRevert(escape(1, { ...alice, balance: alice.balance + 1n }, proof), 'Bridge__InvalidProof')
    await expectRevert(escape(1, { ...alice, nonce: 0n }, proof), 'Bridge__InvalidProof')
    await expectRevert(escape(1, { ...alice, pubAx: 0n, pubAy: 0n }, proof), 'Bridge__InvalidProof')
    await expectRevert(escape(1, { ...alice, address: BigInt(L.stranger) }, proof), 'Bridge__InvalidProof')
    await expectRevert(escape(1, alice, await tree.proof(2)), 'Bridge__InvalidProof')
    await expectRevert(escape(2, alice, proof), 'Bridge__InvalidProof')
    await expectRevert(escape(1, alice, proof.map((s, k) => (k === 15 ? s + 1n : s))), 'Bridge__InvalidProof')
  })

  it('refuses the state of a batch that was sequenced but never verified', async () => {
    // In batch 2 alice had 2.5 ETH; only the verified 2 ETH is provable.
    const unverified = new AccountTree(new MemoryStore())
    await unverified.setAccount(2, bob)
    const richer = { ...alice, balance: alice.balance + 500_000_000n }
    await unverified.setAccount(1, richer)
    await expectRevert(escape(1, richer, await unverified.proof(1)), 'Bridge__InvalidProof')
  })

  it('refuses an index beyond the tree, which would alias a real account, and empty leaves', async () => {
    const proof = await tree.proof(1)
    await expectRevert(escape(65536 + 1, alice, proof), 'Bridge__InvalidAccountIndex', [65537n])
    const empty: Account = { address: 0n, balance: 0n, nonce: 0n, pubAx: 0n, pubAy: 0n }
    await expectRevert(escape(3, empty, await tree.proof(3)), 'Bridge__NothingToWithdraw')
    await expectRevert(escape(0, empty, await tree.proof(0)), 'Bridge__NothingToWithdraw')
  })
})

describe('refundDeposit', () => {
  beforeEach(freeze)

  it('returns a deposit no verified batch consumed to whoever paid it, once', async () => {
    // op 3: carol paid for bob; the refund goes to carol.
    const before = await L.publicClient.getBalance({ address: L.carol })
    const receipt = await mined(L, refund(3n))
    expect(await L.publicClient.getBalance({ address: L.carol })).toBe(before + parseEther('1'))
    const events = await L.publicClient.getContractEvents({ address: L.bridge, abi: bridgeAbi, eventName: 'DepositRefunded', blockHash: receipt.blockHash })
    expect(events.map((e) => e.args)).toEqual([{ opIndex: 3n, payer: L.carol, amount: 1_000_000_000n }])
    await expectRevert(refund(3n), 'Bridge__AlreadyRefunded', [3n])
  })

  it('refunds a deposit consumed by a sequenced but unverified batch', async () => {
    await mined(L, refund(2n))
    await expectRevert(refund(2n, L.alice), 'Bridge__AlreadyRefunded', [2n])
  })

  it('refuses deposits a verified batch consumed (they are in the escaped balances) and non-deposits', async () => {
    await expectRevert(refund(0n), 'Bridge__DepositProcessed', [0n])
    await expectRevert(refund(1n), 'Bridge__DepositProcessed', [1n])
    await expectRevert(refund(4n), 'Bridge__NotADeposit', [4n]) // a key registration carries no ETH
    await expectRevert(refund(99n), 'Bridge__NotADeposit', [99n])
  })

  it('refuses a preimage that is not the queued op: other amount, recipient or key', async () => {
    await expectRevert(refund(3n, L.stranger, { amount: 2_000_000_000n }), 'Bridge__NotADeposit', [3n])
    await expectRevert(refund(3n, L.stranger, { l1Address: L.carol }), 'Bridge__NotADeposit', [3n])
    await expectRevert(refund(3n, L.stranger, { pubAx: 1n }), 'Bridge__NotADeposit', [3n])
    await mined(L, refund(3n))
  })
})

describe('frozen mode as a whole', () => {
  it('pays every escape, exit and refund, and leaves the Bridge with exactly 0', async () => {
    await freeze()
    await mined(L, escape(1, alice, await tree.proof(1)))
    await mined(L, escape(2, bob, await tree.proof(2)))
    await mined(
      L,
      L.wallet(L.stranger).writeContract({
        address: L.bridge,
        abi: bridgeTestAbi,
        functionName: 'claim',
        args: [1n, 3n, L.bob, 500_000_000n, exitProof(exits, 3) as [bigint, bigint]],
      }),
    )
    await mined(L, refund(2n))
    await mined(L, refund(3n))
    expect(await L.publicClient.getBalance({ address: L.bridge })).toBe(0n)
  })
})
