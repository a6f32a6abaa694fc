// Bridge.claim (docs/PROTOCOL.md §6.2): a withdrawal is paid once, only against a verified batch's
// exit root, only for the exact leaf proven, and a hostile recipient cannot re-enter to be paid twice.
// Exit trees and proofs come from src/protocol (exitRoot / exitProof), the state root from its
// AccountTree; batches are verified through the MockVerifier primed with src/protocol's public input.
import { decodeErrorResult, encodeFunctionData, getAddress, parseEther, type Address, type Hex } from 'viem'
import { beforeEach, describe, expect, it } from 'vitest'
import { bridgeAbi } from '../generated/abis'
import { exitProof, exitRoot, type Exit } from '../../src/protocol/batch/exitTree'
import { MemoryStore } from '../../src/protocol/store/memoryStore'
import { AccountTree } from '../../src/protocol/tree/accountTree'
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
const ALICE_EXIT = 1_000_000_000n // 1 ETH in gwei, slot 2 of batch 1
const RECEIVER_EXIT = 500_000_000n // 0.5 ETH, slot 3 of batch 1
let exits: (Exit | null)[]

useLantern({ verifier: 'mock' }, async (lantern) => {
  L = lantern
  const artifact = fixture('ReentrantReceiver')
  const hash = await L.wallet(L.sequencer).deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [] })
  receiver = getAddress((await mined(L, hash)).contractAddress!)
})

/**
 * Batch 1 (verified): alice deposits 3 ETH to herself (index 1) and 1 ETH to the receiver contract
 * (index 2), then alice withdraws 1 ETH (slot 2) and the receiver 0.5 ETH (slot 3).
 * Batch 2 (sequenced, not verified): alice withdraws 1 gwei.
 */
beforeEach(async () => {
  await mined(L, deposit(L, L.alice, L.alice, parseEther('3'), KEY))
  await mined(L, deposit(L, L.alice, receiver, parseEther('1')))
  const ops = await L.model.syncOps()
  await L.model.sequence([{ slots: [ops[0]!.packed, ops[1]!.packed, withdrawSlot(1, ALICE_EXIT), withdrawSlot(2, RECEIVER_EXIT)] }])
  await L.model.sequence([{ slots: [withdrawSlot(1, 1n)] }])

  const tree = new AccountTree(new MemoryStore())
  await tree.setAccount(1, { address: BigInt(L.alice), balance: 3_000_000_000n - ALICE_EXIT, nonce: 1n, pubAx: KEY[0], pubAy: KEY[1] })
  const stateRoot = await tree.setAccount(2, { address: BigInt(receiver), balance: 1_000_000_000n - RECEIVER_EXIT, nonce: 1n, pubAx: 0n, pubAy: 0n })
  exits = [null, null, { address: BigInt(L.alice), amount: ALICE_EXIT }, { address: BigInt(receiver), amount: RECEIVER_EXIT }]
  await L.model.verifyWithMock(1, stateRoot, exitRoot(exits))
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
    const receipt = await mined(L, claim(1n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)))
    expect(await L.publicClient.getBalance({ address: L.alice })).toBe(before + ALICE_EXIT * GWEI)
    expect(await isClaimed(1n, 2)).toBe(true)
    expect(await isClaimed(1n, 3)).toBe(false)
    const events = await L.publicClient.getContractEvents({ address: L.bridge, abi: bridgeAbi, eventName: 'Claimed', args: { recipient: L.alice }, blockHash: receipt.blockHash })
    expect(events.map((e) => e.args)).toEqual([{ batchNumber: 1n, slotIndex: 2n, recipient: L.alice, amount: ALICE_EXIT }])
  })

  it('pays once: a second claim of the same slot fails', async () => {
    await mined(L, claim(1n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)))
    await expectRevert(claim(1n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)), 'Bridge__AlreadyClaimed', [1n, 2n])
    await expectRevert(claim(1n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2), L.alice), 'Bridge__AlreadyClaimed', [1n, 2n])
  })

  it('refuses a batch that is only sequenced, genesis, and one that does not exist', async () => {
    const batch2Exits = [{ address: BigInt(L.alice), amount: 1n }]
    await expectRevert(claim(2n, 0, L.alice, 1n, exitProof(batch2Exits, 0)), 'Bridge__BatchNotVerified', [2n])
    await expectRevert(claim(0n, 0, L.alice, 1n, [0n, 0n]), 'Bridge__BatchNotVerified', [0n])
    await expectRevert(claim(77n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)), 'Bridge__BatchNotVerified', [77n])
  })

  it('refuses a proof for another leaf: other amount, other recipient, other slot, other siblings', async () => {
    const proof2 = exitProof(exits, 2)
    await expectRevert(claim(1n, 2, L.alice, ALICE_EXIT + 1n, proof2), 'Bridge__InvalidProof')
    await expectRevert(claim(1n, 2, L.bob, ALICE_EXIT, proof2), 'Bridge__InvalidProof')
    await expectRevert(claim(1n, 3, L.alice, ALICE_EXIT, proof2), 'Bridge__InvalidProof')
    await expectRevert(claim(1n, 2, L.alice, ALICE_EXIT, exitProof(exits, 3)), 'Bridge__InvalidProof')
    await expectRevert(claim(1n, 1, receiver, RECEIVER_EXIT, exitProof(exits, 3)), 'Bridge__InvalidProof')
    // An empty slot (leaf 0) cannot be claimed with amount 0 either.
    await expectRevert(claim(1n, 0, L.alice, 0n, exitProof(exits, 0)), 'Bridge__NothingToWithdraw')
    expect(await isClaimed(1n, 2)).toBe(false)
  })

  it('refuses a slot index beyond the tree, which would alias a real slot', async () => {
    // 6 = 2 + 4: the two path bits are those of slot 2, so without the bound it would pay slot 2 again.
    await mined(L, claim(1n, 2, L.alice, ALICE_EXIT, exitProof(exits, 2)))
    await expectRevert(claim(1n, 6, L.alice, ALICE_EXIT, exitProof(exits, 2)), 'Bridge__InvalidSlotIndex', [6n])
    await expectRevert(claim(1n, 4, L.alice, ALICE_EXIT, exitProof(exits, 2)), 'Bridge__InvalidSlotIndex', [4n])
  })

  it('stays claimable when the recipient refuses ETH: the payout reverts, flag and all', async () => {
    // Batch 2's exit goes to a contract with no receive(): the MockVerifier.
    const refusing = { address: BigInt(L.verifier), amount: 7n }
    await L.model.verifyWithMock(2, 999n, exitRoot([refusing]))
    await expectRevert(claim(2n, 0, L.verifier, 7n, exitProof([refusing], 0)), 'Bridge__TransferFailed', [L.verifier, 7n])
    expect(await isClaimed(2n, 0)).toBe(false)
  })
})

describe('re-entrancy', () => {
  async function armAndClaim(payload: Hex) {
    await mined(L, L.wallet(L.stranger).writeContract({ address: receiver, abi: fixture('ReentrantReceiver').abi, functionName: 'arm', args: [L.bridge, payload] }))
    const balanceBefore = await L.publicClient.getBalance({ address: receiver })
    await mined(L, claim(1n, 3, receiver, RECEIVER_EXIT, exitProof(exits, 3)))
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
      args: [1n, 3n, receiver, RECEIVER_EXIT, exitProof(exits, 3) as [bigint, bigint]],
    })
    const result = await armAndClaim(sameClaim)
    expect(result).toEqual({ received: RECEIVER_EXIT * GWEI, timesPaid: 1n, innerSucceeded: false, innerError: 'Bridge__Reentrancy' })
    await expectRevert(claim(1n, 3, receiver, RECEIVER_EXIT, exitProof(exits, 3)), 'Bridge__AlreadyClaimed', [1n, 3n])
  })

  it('a receiver cannot re-enter another payout function either', async () => {
    const refund = encodeFunctionData({ abi: bridgeAbi, functionName: 'refundDeposit', args: [1n] })
    const result = await armAndClaim(refund)
    expect(result).toEqual({ received: RECEIVER_EXIT * GWEI, timesPaid: 1n, innerSucceeded: false, innerError: 'Bridge__Reentrancy' })
  })
})
