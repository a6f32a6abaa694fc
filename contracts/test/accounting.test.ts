// The after-each invariant (helpers/lantern.ts expectBridgeSolvent) against the check it replaced.
// A forged proof (the MockVerifier accepting anything) verifies a real batch with an exit root of
// the attacker's making, and the attacker claims the whole Bridge. The old check compares the
// Bridge's balance with the sums of its own events, which the claim's event keeps balanced, so it
// passes; the new one compares it with what the real L2 state (src/protocol's executor over the
// verified records) owes — alice's balance — and fails.
import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { exitProof, exitRoot } from '../../src/protocol/batch/exitTree'
import {
  DUMMY_PROOF,
  GWEI,
  bridgeLiabilities,
  bridgeTestAbi,
  deposit,
  expectBridgeMatchesEvents,
  expectBridgeSolvent,
  mined,
  mockAcceptsAll,
  transferSlot,
  verifyBatches,
  type Lantern,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern

useLantern({ verifier: 'mock' }, (lantern) => {
  L = lantern
})

describe('the Bridge liability invariant', () => {
  it('holds through deposits, verification and the L2 state the executor computes', async () => {
    await mined(L, deposit(L, L.alice, L.alice, parseEther('2'), [5n, 6n]))
    await mined(L, deposit(L, L.bob, L.carol, parseEther('1')))
    await L.model.syncOps()
    expect(await bridgeLiabilities(L)).toEqual({ balances: 0n, exits: 0n, deposits: 3_000_000_000n, total: 3_000_000_000n })
    await L.model.sequence([{ slots: L.model.nextOpSlots(2) }])
    await L.model.verifyWithMock(1, 1)
    expect(await bridgeLiabilities(L)).toEqual({ balances: 3_000_000_000n, exits: 0n, deposits: 0n, total: 3_000_000_000n })
    await expectBridgeSolvent(L)
  })

  it('catches a drain by a forged proof that the event-sum check misses', async () => {
    await mined(L, deposit(L, L.alice, L.alice, parseEther('2'), [5n, 6n]))
    await L.model.syncOps()
    await L.model.sequence([{ slots: L.model.nextOpSlots(1) }])
    await L.model.verifyWithMock(1, 1)
    // Batch 2 really is alice paying herself; the forged proof claims it exits 2 ETH to the attacker.
    await L.model.sequence([{ slots: [transferSlot(1, 1, 1n)] }])
    await mockAcceptsAll(L, true)
    const loot = [{ address: BigInt(L.stranger), amount: 2_000_000_000n }, null, null, null]
    await mined(L, verifyBatches(L, 2n, L.model.recordsOf(2, 2), [{ newStateRoot: 1n, exitRoot: exitRoot(loot), proof: DUMMY_PROOF }]))
    await mined(
      L,
      L.wallet(L.stranger).writeContract({ address: L.bridge, abi: bridgeTestAbi, functionName: 'claim', args: [2n, 0n, L.stranger, 2_000_000_000n, exitProof(loot, 0) as [bigint, bigint]] }),
    )
    expect(await L.publicClient.getBalance({ address: L.bridge })).toBe(0n)

    await expectBridgeMatchesEvents(L) // the old check: deposits 2 − claims 2 = 0 = balance, all fine
    await expect(expectBridgeSolvent(L)).rejects.toThrow(/holds 0 wei but owes 2000000000000000000/)
    expect(await bridgeLiabilities(L)).toMatchObject({ balances: 2_000_000_000n, exits: 0n }) // alice's, per the executor

    // Put the ETH back so the after-each invariant of this file holds for what follows.
    await L.testClient.setBalance({ address: L.bridge, value: 2_000_000_000n * GWEI })
  })
})
