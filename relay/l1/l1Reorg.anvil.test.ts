// L1 reorgs under a running relay (real contracts on anvil, mock verifier): a reorg that removes
// a deposit the trusted state consumed rewinds trusted state and rebuilds it without the deposit
// (the L2 transfers of the rewound batches are included again), and sequenceBatches calls the
// reorg dropped are posted again, so the relay's trusted and virtual state and L1 end consistent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { rollupAbi } from '../../contracts/generated/abis'
import { deposit, GWEI, type Lantern, mined, startLantern } from '../../contracts/test/helpers/lantern'
import { signed, testPublicKey, transfer } from '../../src/protocol/testing/fixtures'
import { type Relay, startRelay } from '../startRelay'
import { quietLogger, relayConfigOn, tempDataDir, until } from '../anvilTesting'

const ALICE_KEY_SEED = 5

let L: Lantern
let data: ReturnType<typeof tempDataDir>
let relay: Relay
let aliceIndex: number
let feeIndex: number

const read = async <F extends 'lastSequencedBatch' | 'priorityOpCount' | 'sequencedPriorityOpsEnd'>(functionName: F) =>
  Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName } as never))
const indexOf = async (address: Hex) => Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accountIndexOf', args: [address] }))
const anvil = (method: string, params: unknown[]) => L.testClient.request({ method: method as never, params: params as never })

/** Waits until the relay has posted its whole trusted chain and L1 holds exactly it; checks both ends agree. */
async function settled(): Promise<void> {
  const node = relay.node
  await until('L1 to hold the relay\'s trusted chain', async () => {
    const head = node.sequencer.head.number
    const onL1 = await read('lastSequencedBatch')
    const posted = Number((await node.storage.getMeta('postedThrough')) ?? '0')
    return onL1 === head && posted === head && node.pool.size === 0 ? true : undefined
  })
  const head = node.sequencer.head
  const acc = await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accInputHashAt', args: [BigInt(head.number)] })
  expect(acc).toBe(head.accInputHash)
  expect(await read('sequencedPriorityOpsEnd')).toBe(head.priorityOpsConsumed)
  expect(head.priorityOpsConsumed).toBe(await read('priorityOpCount'))
  expect(await node.tree.root()).toBe(head.stateRoot)
}

const relayConfig = () => relayConfigOn(L, data.dir, { l1PollMs: 100, l1RetryMaxMs: 1_000 })

beforeAll(async () => {
  L = await startLantern({ verifier: 'mock' })
  data = tempDataDir('relay-reorg')
  relay = await startRelay(relayConfig(), { logger: quietLogger })
  feeIndex = await indexOf(L.sequencer)
  const key = testPublicKey(ALICE_KEY_SEED)
  await mined(L, deposit(L, L.alice, L.alice, 1_000_000n * GWEI, [key.pubAx, key.pubAy]))
  aliceIndex = await indexOf(L.alice)
  await until('alice\'s credit', async () => ((await relay.node.tree.getAccount(aliceIndex)).balance === 1_000_000n ? true : undefined))
  await settled()
}, 180_000)
afterAll(async () => {
  await relay?.close()
  await L?.stop()
  data?.remove()
})
afterEach(async () => {
  await anvil('evm_setAutomine', [true])
})

let nonce = 0n
/** An L2 transfer from alice, acknowledged by the relay's pool. */
async function aliceTransfer(): Promise<Hex> {
  const tx = signed(transfer(aliceIndex, feeIndex, 10n, 1n, nonce++), ALICE_KEY_SEED, relay.node.domain)
  return (await relay.node.pool.submit(tx)).hash
}

/** Where each hash is included in trusted state now (undefined: not included). */
const included = (hashes: Hex[]) => Promise.all(hashes.map((h) => relay.node.storage.findTx(h)))

/**
 * Sends `count` transfers, waits until the relay posted them and recorded it, mines to 5 blocks
 * past a snapshot and reverts to it: the sequenceBatches calls are gone, the queue is unchanged.
 * Then L1 must get the same batches again, with trusted state kept.
 */
async function postThenRevert(count: number): Promise<void> {
  const node = relay.node
  const snapshot = await anvil('evm_snapshot', [])
  const start = await L.publicClient.getBlockNumber({ cacheTime: 0 })
  const headBefore = node.sequencer.head.number
  const transfers: Hex[] = []
  for (let i = 0; i < count; i++) transfers.push(await aliceTransfer())
  await until('posted', async () => {
    const posted = Number((await node.storage.getMeta('postedThrough')) ?? '0')
    return posted > headBefore && posted === node.sequencer.head.number && (await read('lastSequencedBatch')) === posted ? true : undefined
  })
  const trustedHead = node.sequencer.head
  while ((await L.publicClient.getBlockNumber({ cacheTime: 0 })) < start + 5n) await anvil('evm_mine', [])

  await anvil('evm_revert', [snapshot])
  expect(await read('lastSequencedBatch')).toBe(headBefore)
  await until('posted again', async () => ((await read('lastSequencedBatch')) === trustedHead.number ? true : undefined))
  expect(node.sequencer.head.hash).toBe(trustedHead.hash)
  expect((await included(transfers)).every(Boolean)).toBe(true)
  await settled()
}

describe('relay over a reorging L1', () => {
  it('reorg of depth 1 removing a deposit it executed: rewinds, re-includes the transfers without it, and L1 and the relay agree', async () => {
    const node = relay.node
    const reorgsBefore = node.sequencer.head.number
    // Automine off: the deposit and the relay's sequenceBatches call sit in the mempool until mined.
    await anvil('evm_setAutomine', [false])
    const bobDeposit = deposit(L, L.bob, L.bob, 5_000n * GWEI)
    await bobDeposit
    await anvil('evm_mine', [])
    const bobIndex = await indexOf(L.bob)
    await until('bob\'s trusted credit', async () => ((await node.tree.getAccount(bobIndex)).balance === 5_000n ? true : undefined))
    const consumedBefore = node.sequencer.head.priorityOpsConsumed
    const transfers = [await aliceTransfer(), await aliceTransfer()]
    await until('the transfers in trusted state', async () => ((await included(transfers)).every(Boolean) ? true : undefined))
    expect(node.sequencer.head.number).toBeGreaterThan(reorgsBefore)

    // The block holding bob's deposit is replaced by an empty one.
    await anvil('anvil_reorg', [1, []])
    await anvil('evm_setAutomine', [true])
    await anvil('evm_mine', [])
    await until('the rewind', async () => (node.sequencer.head.priorityOpsConsumed === consumedBefore - 1 ? true : undefined))
    expect((await node.tree.getAccount(bobIndex)).balance).toBe(0n)
    await until('the transfers again', async () => ((await included(transfers)).every(Boolean) ? true : undefined))
    await settled()
    expect(await indexOf(L.bob)).toBe(0)
  }, 120_000)

  it('reorg of depth 5 (anvil_reorg) dropping a deposit and the sequenceBatches calls after it: rewinds, posts again, L1 and the relay agree', async () => {
    const node = relay.node
    // Mined by hand, so the deposit, the relay's sequenceBatches calls and padding fit in 5 blocks.
    await anvil('evm_setAutomine', [false])
    const start = await L.publicClient.getBlockNumber({ cacheTime: 0 })
    const mine = () => anvil('evm_mine', [])
    await deposit(L, L.carol, L.carol, 3_000n * GWEI)
    await mine()
    const carolIndex = await indexOf(L.carol)
    await until('carol\'s trusted credit', async () => ((await node.tree.getAccount(carolIndex)).balance === 3_000n ? true : undefined))
    const transfers = [await aliceTransfer()]
    await until('the transfer in trusted state', async () => ((await included(transfers)).every(Boolean) ? true : undefined))
    await until('sequenced on L1', async () => {
      // One block per call the relay sends, no more.
      const pool = (await anvil('txpool_status', [])) as { pending: string }
      if (Number(pool.pending) > 0) await mine()
      return (await read('lastSequencedBatch')) === node.sequencer.head.number ? true : undefined
    })
    const sequencedBefore = await read('lastSequencedBatch')
    const consumedBefore = node.sequencer.head.priorityOpsConsumed
    while ((await L.publicClient.getBlockNumber({ cacheTime: 0 })) < start + 5n) await mine()
    expect(await L.publicClient.getBlockNumber({ cacheTime: 0 })).toBe(start + 5n)

    await anvil('anvil_reorg', [5, []])
    expect(await read('lastSequencedBatch')).toBeLessThan(sequencedBefore)
    await anvil('evm_setAutomine', [true])
    await anvil('evm_mine', [])
    await until('the rewind', async () => (node.sequencer.head.priorityOpsConsumed === consumedBefore - 1 ? true : undefined))
    expect((await node.tree.getAccount(carolIndex)).balance).toBe(0n)
    await until('the transfer again', async () => ((await included(transfers)).every(Boolean) ? true : undefined))
    await settled()
  }, 120_000)

  it('reorg of depth 5 (evm_snapshot / evm_revert) that keeps the queue but drops sequenceBatches calls: nothing rewound, posted again', async () => {
    await settled()
    await postThenRevert(2)
  }, 120_000)

  it('reorg of depth 5 in blocks the relay had not read yet (8 confirmations) that drops sequenceBatches calls: posted again', async () => {
    await settled()
    // The relay reads L1 only 7 blocks behind its head: the reverted blocks are never read, so no
    // reorg is seen; what finds the dropped calls is the check of L1 against postedThrough.
    await relay.close()
    relay = await startRelay(relayConfigOn(L, data.dir, { l1PollMs: 100, l1RetryMaxMs: 1_000, l1Confirmations: 8 }), { logger: quietLogger })
    await postThenRevert(1)
    await relay.close()
    relay = await startRelay(relayConfig(), { logger: quietLogger })
  }, 120_000)

  it('a reorg while the relay was stopped that swaps a deposit it executed for another at the same queue index: the restarted relay rewinds and credits what L1 holds', async () => {
    await settled()
    const dave = L.accounts[5]!
    await anvil('evm_setAutomine', [false])
    await deposit(L, dave, dave, 2_000n * GWEI)
    await anvil('evm_mine', [])
    const daveIndex = await indexOf(dave)
    await until('dave\'s trusted credit', async () => ((await relay.node.tree.getAccount(daveIndex)).balance === 2_000n ? true : undefined))
    const consumed = relay.node.sequencer.head.priorityOpsConsumed
    const queued = await read('priorityOpCount')
    // Stopped before its sequenceBatches call was mined; while it is down the deposit's block is
    // replaced and another deposit takes the same queue index: the queue is as long as before.
    await relay.close()
    await anvil('anvil_dropAllTransactions', [])
    await anvil('anvil_reorg', [1, []])
    await anvil('evm_setAutomine', [true])
    await mined(L, deposit(L, dave, dave, 3_000n * GWEI))
    expect(await read('priorityOpCount')).toBe(queued)
    expect(await indexOf(dave)).toBe(daveIndex)

    relay = await startRelay(relayConfig(), { logger: quietLogger })
    await until('the credit of the deposit L1 holds now', async () => ((await relay.node.tree.getAccount(daveIndex)).balance === 3_000n ? true : undefined))
    expect(relay.node.sequencer.head.priorityOpsConsumed).toBe(consumed)
    await settled()
  }, 120_000)
})
