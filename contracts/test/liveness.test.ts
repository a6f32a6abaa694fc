// The priority queue under attack (docs/PROTOCOL.md §5.4). A flood of ≥ 400 ops from one address in
// a few blocks must not freeze a rollup whose prover verifies one full batch every
// PROVING_BLOCKS_PER_BATCH blocks (on main before v2, every op got block + D and 396 forced exits
// froze the rollup at block 113). A sequencer that stops, or keeps verifying L2-only batches while
// ignoring the queue, must still let users escape within D + ceil((n + 1) / 4) · P blocks of their op.
// Proofs: the MockVerifier primed with src/protocol's inputs, so every verified batch is a real one.
import { parseEther, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { rollupAbi } from '../generated/abis'
import {
  GWEI,
  activateEscapeHatch,
  deposit,
  expectRevert,
  mineBlocks,
  mined,
  registerKey,
  transferSlot,
  type Lantern,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern

useLantern({ verifier: 'mock', deadlineBlocks: 100n, provingBlocks: 6n }, (lantern) => {
  L = lantern
})

const FLOOD = 400

const read = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
  L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never }) as Promise<bigint>

const blockNumber = () => L.publicClient.getBlockNumber({ cacheTime: 0 })

async function mineUntil(block: bigint) {
  const now = await blockNumber()
  if (block > now) await mineBlocks(L, block - now)
}

/** `count` registerKey calls from one address, sent with automine off and mined in few blocks. */
async function flood(from: `0x${string}`, count: number): Promise<{ first: bigint; last: bigint }> {
  const first = (await blockNumber()) + 1n
  await L.testClient.setAutomine(false)
  const hashes: Hex[] = []
  try {
    for (let i = 0; i < count; i++) {
      hashes.push(await registerKey(L, from, [BigInt(i + 1), 2n]))
      if (hashes.length % 200 === 0) await L.testClient.mine({ blocks: 1 })
    }
    await L.testClient.mine({ blocks: 1 })
    while ((await L.publicClient.getBlock({ blockTag: 'pending' })).transactions.length > 0) await L.testClient.mine({ blocks: 1 })
  } finally {
    await L.testClient.setAutomine(true)
  }
  for (const h of hashes) await mined(L, h)
  return { first, last: await blockNumber() }
}

/** One full batch of the next four pending ops, sequenced and verified, taking exactly P blocks. */
async function proveNextBatch(): Promise<void> {
  const start = await blockNumber()
  const pending = L.model.ops.length - L.model.lastBatch.priorityOpsEnd
  await L.model.sequence([{ slots: L.model.nextOpSlots(Math.min(4, pending)) }])
  const n = L.model.batches.length - 1
  await L.model.verifyWithMock(n, n)
  await mineUntil(start + L.provingBlocks)
}

describe('a flood of priority ops', () => {
  it(`${FLOOD} registerKey calls from one address in a few blocks do not freeze a prover verifying one batch per P blocks`, async () => {
    await mined(L, deposit(L, L.stranger, L.stranger, GWEI)) // the attacker's account, op 0
    await L.model.syncOps()
    await proveNextBatch()
    const { first, last } = await flood(L.stranger, FLOOD)
    expect(last - first).toBeLessThanOrEqual(3n) // "a few blocks"
    const ops = await L.model.syncOps()
    expect(ops).toHaveLength(FLOOD + 1)
    // Every op of the flood carries its place in the backlog: the last one waits FLOOD / 4 batches.
    expect(ops[FLOOD]!.deadline).toBeGreaterThanOrEqual(first + L.deadlineBlocks + BigInt(FLOOD / 4) * L.provingBlocks)

    while (L.model.lastBatch.priorityOpsEnd < ops.length) {
      // At no point can anyone freeze the rollup: the oldest pending op is never overdue.
      await expectRevert(activateEscapeHatch(L), 'Rollup__PriorityOpNotOverdue')
      await proveNextBatch()
    }
    expect(await read('verifiedPriorityOpsEnd')).toBe(BigInt(FLOOD + 1))
    await expectRevert(activateEscapeHatch(L), 'Rollup__NoPendingPriorityOp')
    expect(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'frozen' })).toBe(false)
  })
})

describe('a sequencer that stops or censors', () => {
  /** Alice and bob funded (ops 0, 1), consumed by verified batch 1. */
  async function liveRollup() {
    await mined(L, deposit(L, L.alice, L.alice, parseEther('1'), [5n, 6n]))
    await mined(L, deposit(L, L.bob, L.bob, parseEther('1'), [7n, 8n]))
    await L.model.syncOps()
    await L.model.sequence([{ slots: L.model.nextOpSlots(2) }])
    await L.model.verifyWithMock(1, 1)
  }

  it('that stops: the escape hatch opens D + P blocks after an op queued on an empty queue, and a later flood cannot postpone it', async () => {
    await liveRollup()
    const receipt = await mined(L, deposit(L, L.carol, L.carol, parseEther('1')))
    const [, , op] = await L.model.syncOps()
    const bound = receipt.blockNumber + L.deadlineBlocks + L.provingBlocks // n = 0 ops ahead
    expect(op!.deadline).toBe(bound)
    await flood(L.stranger, 40) // queued behind carol: her deadline stays
    expect(await read('deadlineOf', [2n])).toBe(bound)
    await mineUntil(bound - 1n)
    await expectRevert(activateEscapeHatch(L), 'Rollup__PriorityOpNotOverdue', [2n, bound])
    await mineUntil(bound)
    const activated = await mined(L, activateEscapeHatch(L))
    expect(activated.blockNumber).toBe(bound + 1n)
  })

  it('that keeps verifying L2-only batches while ignoring the queue: caught at the same bound', async () => {
    await liveRollup()
    const receipt = await mined(L, deposit(L, L.carol, L.carol, parseEther('1')))
    await L.model.syncOps()
    const bound = receipt.blockNumber + L.deadlineBlocks + L.provingBlocks
    let busy = 0
    // The sequencer stays busy: a verified batch of transfers every P blocks, never carol's deposit.
    while ((await blockNumber()) + L.provingBlocks <= bound) {
      const start = await blockNumber()
      await L.model.sequence([{ slots: [transferSlot(1, 2, 1n), transferSlot(2, 1, 1n)] }])
      const n = L.model.batches.length - 1
      await L.model.verifyWithMock(n, n)
      busy++
      await mineUntil(start + L.provingBlocks)
    }
    expect(busy).toBeGreaterThan(10)
    expect(await read('lastVerifiedBatch')).toBe(BigInt(busy + 1))
    await mineUntil(bound)
    await mined(L, activateEscapeHatch(L))
    expect(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'frozen' })).toBe(true)
  })

  it('behind a flood: an op with n ops ahead can escape D + ceil((n + 1) / 4) · P blocks after it was queued', async () => {
    await liveRollup()
    await flood(L.stranger, 40) // ops 2 … 41
    const receipt = await mined(L, deposit(L, L.carol, L.carol, parseEther('1'))) // op 42, n = 40 ahead
    await L.model.syncOps()
    const bound = receipt.blockNumber + L.deadlineBlocks + BigInt(Math.ceil((40 + 1) / 4)) * L.provingBlocks
    expect(await read('deadlineOf', [42n])).toBeLessThanOrEqual(bound)
    // The sequencer works through the flood at full speed but never reaches carol: still caught.
    for (let i = 0; i < 10; i++) await proveNextBatch()
    expect(await read('verifiedPriorityOpsEnd')).toBe(42n)
    await mineUntil(bound)
    await mined(L, activateEscapeHatch(L))
  })
})
