// Bridge.claim (docs/PROTOCOL.md §6.2): a withdrawal is paid once, only against a verified batch's
// exit root, only for the exact leaf proven, and a hostile recipient cannot re-enter to be paid twice.
// Exit trees and proofs come from src/protocol (exitRoot / exitProof), the state root from its
// AccountTree; batches are verified through the MockVerifier primed with src/protocol's public input.
import { decodeErrorResult, encodeFunctionData, getAddress, parseEther, type Address, type Hex } from 'viem'
import { beforeEach, describe, expect, it } from 'vitest'
import { bridgeAbi, rollupAbi } from '../generated/abis'
import { SNARK_SCALAR_FIELD } from '../../src/protocol/constants'
import { exitProof, type Exit } from '../../src/protocol/batch/exitTree'
import { fixture } from './helpers/fixtures'
import {
  GWEI,
  bridgeTestAbi,
  deposit,
  expectRevert,
  mined,
  withdrawSlot,
  type Lantern,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern
let receiver: Address

const KEY = [5n, 6n] as const
const RECEIVER_KEY = [7n, 8n] as const
const ALICE_EXIT = 1_000_000_000n // 1 ETH in gwei, slot 2 of batch 2
const RECEIVER_EXIT = 500_000_000n // 0.5 ETH, slot 3 of batch 2
let exits: (Exit | null)[]

useLantern({ verifier: 'mock' }, async (lantern) => {
  L = lantern
  const artifact = fixture('ReentrantReceiver')
  const hash = await L.wallet(L.sequencer).deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [] })
  receiver = getAddress((await mined(L, hash)).contractAddress!)
})

const receiverDoes = (functionName: string, args: readonly unknown[]) =>
  L.wallet(L.stranger).writeContract({ address: receiver, abi: fixture('ReentrantReceiver').abi, functionName, args })

/**
 * Batch 1 (verified): alice deposits 3 ETH to herself with a key (index 1), 1 ETH to the receiver
 * contract (index 2), which registers its own key. Batch 2 (verified): alice withdraws 1 ETH
 * (slot 2) and the receiver 0.5 ETH (slot 3). Batch 3 (sequenced, not verified): alice withdraws
 * 1 gwei (slot 1). Every state
 * and exit root is the one src/protocol's executor computes from the records.
 */
beforeEach(async () => {
  await mined(L, deposit(L, L.alice, L.alice, parseEther('3'), KEY))
  await mined(L, deposit(L, L.alice, receiver, parseEther('1')))
  const registerKey = encodeFunctionData({ abi: rollupAbi, functionName: 'registerKey', args: [RECEIVER_KEY[0], RECEIVER_KEY[1]] })
  await mined(L, receiverDoes('execute', [L.rollup, registerKey]))
  const ops = await L.model.syncOps()
  await L.model.sequence([{ slots: [ops[0]!.packed, ops[1]!.packed, ops[2]!.packed] }])
  await L.model.sequence([{ slots: [0n, 0n, withdrawSlot(1, ALICE_EXIT), withdrawSlot(2, RECEIVER_EXIT)] }])
  await L.model.sequence([{ slots: [0n, withdrawSlot(1, 1n)] }])
  await L.model.verifyWithMock(1, 2)
  exits = (await L.model.rootsOf(2)).exits
  expect(exits).toEqual([null, null, { address: BigInt(L.alice), amount: ALICE_EXIT }, { address: BigInt(receiver), amount: RECEIVER_EXIT }])
})

function claim(batchNumber: bigint, slot: number, recipient: Address, amount: bigint, siblings: readonly bigint[], from: Address = L.stranger) {
  return L.wallet(from).writeContract({
    address: L.bridge,
    abi: bridgeTestAbi,
    functionName: 'claim',
    args: [batchNumber, BigInt(slot), recipient, amount, siblings as readonly [bigint, bigint]],
  })
}

const isClaimed = (batchNumber: bigint, slot: number) =>
  L.publicClient.readContract({ address: L.bridge, abi: bridgeAbi, functionName: 'isClaimed', args: [batchNumber, BigInt(slot)] })

describe('claim', () => {
  it('pays the exit leaf’s recipient exactly amount × 10^9 wei, whoever submits it', async () => {
    const before = await L.publicClient.getBalance({ address: L.alice })
    const receipt = await mined(L, claim(2n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)))
    expect(await L.publicClient.getBalance({ address: L.alice })).toBe(before + ALICE_EXIT * GWEI)
    expect(await isClaimed(2n, 2)).toBe(true)
    expect(await isClaimed(2n, 3)).toBe(false)
    const events = await L.publicClient.getContractEvents({ address: L.bridge, abi: bridgeAbi, eventName: 'Claimed', args: { recipient: L.alice }, blockHash: receipt.blockHash })
    expect(events.map((e) => e.args)).toEqual([{ batchNumber: 2n, slotIndex: 2n, recipient: L.alice, amount: ALICE_EXIT }])
  })

  it('pays once: a second claim of the same slot fails', async () => {
    await mined(L, claim(2n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)))
    await expectRevert(claim(2n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)), 'Bridge__AlreadyClaimed', [2n, 2n])
    await expectRevert(claim(2n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2), L.alice), 'Bridge__AlreadyClaimed', [2n, 2n])
  })

  it('refuses a batch that is only sequenced, genesis, and one that does not exist', async () => {
    const batch2Exits = [null, { address: BigInt(L.alice), amount: 1n }]
    await expectRevert(claim(3n, 1, L.alice, 1n, exitProof(batch2Exits, 1)), 'Bridge__BatchNotVerified', [3n])
    await expectRevert(claim(0n, 0, L.alice, 1n, [0n, 0n]), 'Bridge__BatchNotVerified', [0n])
    await expectRevert(claim(77n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)), 'Bridge__BatchNotVerified', [77n])
  })

  it('refuses a proof for another leaf: other amount, other recipient, other slot, other siblings', async () => {
    const proof2 = exitProof(exits, 2)
    await expectRevert(claim(2n, 2, L.alice, ALICE_EXIT + 1n, proof2), 'Bridge__InvalidProof')
    await expectRevert(claim(2n, 2, L.bob, ALICE_EXIT, proof2), 'Bridge__InvalidProof')
    await expectRevert(claim(2n, 3, L.alice, ALICE_EXIT, proof2), 'Bridge__InvalidProof')
    await expectRevert(claim(2n, 2, L.alice, ALICE_EXIT, exitProof(exits, 3)), 'Bridge__InvalidProof')
    await expectRevert(claim(2n, 1, receiver, RECEIVER_EXIT, exitProof(exits, 3)), 'Bridge__InvalidProof')
    // An empty slot (leaf 0) cannot be claimed with amount 0 either.
    await expectRevert(claim(2n, 0, L.alice, 0n, exitProof(exits, 0)), 'Bridge__NothingToWithdraw')
    expect(await isClaimed(2n, 2)).toBe(false)
  })

  it('refuses a slot index beyond the tree, which would alias a real slot', async () => {
    // 6 = 2 + 4: the two path bits are those of slot 2, so without the bound it would pay slot 2 again.
    await mined(L, claim(2n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)))
    await expectRevert(claim(2n, 6, L.alice, ALICE_EXIT, exitProof(exits, 2)), 'Bridge__InvalidSlotIndex', [6n])
    await expectRevert(claim(2n, 4, L.alice, ALICE_EXIT, exitProof(exits, 2)), 'Bridge__InvalidSlotIndex', [4n])
  })

  it('stays claimable when the recipient refuses ETH: the payout reverts, flag and all', async () => {
    await mined(L, receiverDoes('setRefuses', [true]))
    await expectRevert(claim(2n, 3, receiver, RECEIVER_EXIT, exitProof(exits, 3)), 'Bridge__TransferFailed', [receiver, RECEIVER_EXIT])
    expect(await isClaimed(2n, 3)).toBe(false)
    await mined(L, receiverDoes('setRefuses', [false]))
    await mined(L, claim(2n, 3, receiver, RECEIVER_EXIT, exitProof(exits, 3)))
  })

  it('refuses siblings ≥ r, which Poseidon would reduce to the real path (two encodings of one leaf)', async () => {
    // On main before v2 this claim paid: poseidon-solidity hashed s + r like s.
    const proof = exitProof(exits, 2)
    for (const k of [0, 1]) {
      const bad = proof.map((s, i) => (i === k ? s + SNARK_SCALAR_FIELD : s))
      await expectRevert(claim(2n, 2, L.alice, ALICE_EXIT, bad), 'Bridge__InvalidFieldElement', [proof[k]! + SNARK_SCALAR_FIELD])
    }
    expect(await isClaimed(2n, 2)).toBe(false)
    await mined(L, claim(2n, 2, L.alice, ALICE_EXIT, proof))
  })
})

describe('re-entrancy', () => {
  async function armAndClaim(payload: Hex) {
    await mined(L, L.wallet(L.stranger).writeContract({ address: receiver, abi: fixture('ReentrantReceiver').abi, functionName: 'arm', args: [L.bridge, payload] }))
    const balanceBefore = await L.publicClient.getBalance({ address: receiver })
    await mined(L, claim(2n, 3, receiver, RECEIVER_EXIT, exitProof(exits, 3)))
    const read = (functionName: string) =>
      L.publicClient.readContract({ address: receiver, abi: fixture('ReentrantReceiver').abi, functionName }) as Promise<unknown>
    return {
      received: (await L.publicClient.getBalance({ address: receiver })) - balanceBefore,
      timesPaid: (await read('timesPaid')) as bigint,
      innerSucceeded: (await read('innerSucceeded')) as boolean,
      innerError: decodeErrorResult({ abi: bridgeAbi, data: (await read('innerRevertData')) as Hex }).errorName,
    }
  }

  it('a receiver that re-enters claim for the same exit is paid once', async () => {
    const sameClaim = encodeFunctionData({
      abi: bridgeAbi,
      functionName: 'claim',
      args: [2n, 3n, receiver, RECEIVER_EXIT, exitProof(exits, 3) as [bigint, bigint]],
    })
    const result = await armAndClaim(sameClaim)
    expect(result).toEqual({ received: RECEIVER_EXIT * GWEI, timesPaid: 1n, innerSucceeded: false, innerError: 'Bridge__Reentrancy' })
    await expectRevert(claim(2n, 3, receiver, RECEIVER_EXIT, exitProof(exits, 3)), 'Bridge__AlreadyClaimed', [2n, 3n])
  })

  it('a receiver cannot re-enter another payout function either', async () => {
    const refund = encodeFunctionData({ abi: bridgeAbi, functionName: 'refundDeposit', args: [1n, L.alice, 0n, 0n, 1n] })
    const result = await armAndClaim(refund)
    expect(result).toEqual({ received: RECEIVER_EXIT * GWEI, timesPaid: 1n, innerSucceeded: false, innerError: 'Bridge__Reentrancy' })
  })
})
