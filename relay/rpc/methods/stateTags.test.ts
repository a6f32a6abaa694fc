// Virtual and consolidated state through viem's public client: `safe` serves the state after the
// last batch sequenced on L1, `finalized` after the last batch verified on L1 (read from the
// storage's per-batch history), and zkevm_isBlockVirtualized / zkevm_isBlockConsolidated answer
// from the same two L1 counters.
import type { AddressInfo } from 'node:net'
import { createPublicClient, http, rpcSchema } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GWEI } from '../../../src/protocol/constants'
import { bigintToAddress } from '../../../src/protocol/field'
import { signed, testAddress, transfer } from '../../../src/protocol/testing/fixtures'
import type { LanternRpcSchema } from '../../../src/rpc/schema'
import type { BatchRecord } from '../../store/records'
import { fakeL1, type FakeRollup, testContext } from '../../testing'
import { openTestNode, type TestNode } from '../../testNode'
import { createHttpServer } from '../httpServer'
import { methods } from '../methods'

const START = 1_000_000_000_000n
let node: TestNode
let server: ReturnType<typeof createHttpServer>
let base = ''
const rollup: FakeRollup = { lastSequencedBatch: 0, lastVerifiedBatch: 0 }
/** [after the deposits, after one transfer, after two]. */
const batches: BatchRecord[] = []

beforeAll(async () => {
  node = await openTestNode({ accounts: 3 })
  await node.sequencer.stop()
  batches.push(node.sequencer.head)
  for (const nonce of [0n, 1n]) {
    await node.pool.submit(signed(transfer(2, 3, 5n, 2n, nonce), 2))
    batches.push((await node.sequencer.sequenceBatch())!)
  }
  server = createHttpServer({ ctx: testContext(fakeL1({ rollup }), node), methods, validateResults: true })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await node.close()
})

const owner2 = bigintToAddress(testAddress(2))
const owner3 = bigintToAddress(testAddress(3))

describe('safe and finalized tags', () => {
  it('serve balances and nonces at the last sequenced (safe) and last verified (finalized) batch', async () => {
    const client = createPublicClient({ transport: http(base) })
    const [deposits, one] = batches
    rollup.lastSequencedBatch = one!.number
    rollup.lastVerifiedBatch = deposits!.number
    expect(await client.getBalance({ address: owner2 })).toBe((START - 14n) * GWEI)
    expect(await client.getBalance({ address: owner2, blockTag: 'safe' })).toBe((START - 7n) * GWEI)
    expect(await client.getBalance({ address: owner2, blockTag: 'finalized' })).toBe(START * GWEI)
    expect(await client.getBalance({ address: owner3, blockTag: 'safe' })).toBe((START + 5n) * GWEI)
    expect(await client.getTransactionCount({ address: owner2 })).toBe(2)
    expect(await client.getTransactionCount({ address: owner2, blockTag: 'safe' })).toBe(1)
    expect(await client.getTransactionCount({ address: owner2, blockTag: 'finalized' })).toBe(0)
    // A batch number reads the same history.
    expect(await client.getBalance({ address: owner2, blockNumber: BigInt(one!.number) })).toBe((START - 7n) * GWEI)
    expect((await client.getBlock({ blockTag: 'safe' })).hash).toBe(one!.hash)
    expect((await client.getBlock({ blockTag: 'finalized' })).hash).toBe(deposits!.hash)
  })

  it('before anything is verified, finalized is the empty genesis state; a number past the head is refused', async () => {
    const client = createPublicClient({ transport: http(base) })
    rollup.lastVerifiedBatch = 0
    expect(await client.getBalance({ address: owner2, blockTag: 'finalized' })).toBe(0n)
    expect(await client.getTransactionCount({ address: owner2, blockTag: 'finalized' })).toBe(0)
    await expect(client.getBalance({ address: owner2, blockNumber: BigInt(batches[2]!.number + 1) })).rejects.toThrow(/past the trusted head/)
  })

  it('never serves a tag past the trusted head even if L1 claims more', async () => {
    const client = createPublicClient({ transport: http(base) })
    rollup.lastSequencedBatch = batches[2]!.number + 5
    expect(await client.getBalance({ address: owner2, blockTag: 'safe' })).toBe((START - 14n) * GWEI)
  })
})

describe('zkevm_isBlockVirtualized / zkevm_isBlockConsolidated', () => {
  it('answer from L1\'s lastSequencedBatch and lastVerifiedBatch (L2 block = batch)', async () => {
    const client = createPublicClient({ transport: http(base), rpcSchema: rpcSchema<LanternRpcSchema>() })
    const [deposits, one, two] = batches
    rollup.lastSequencedBatch = one!.number
    rollup.lastVerifiedBatch = deposits!.number
    const q = (n: number) => `0x${n.toString(16)}` as const
    expect(await client.request({ method: 'zkevm_isBlockVirtualized', params: [q(one!.number)] })).toBe(true)
    expect(await client.request({ method: 'zkevm_isBlockVirtualized', params: [q(two!.number)] })).toBe(false)
    expect(await client.request({ method: 'zkevm_isBlockConsolidated', params: [q(deposits!.number)] })).toBe(true)
    expect(await client.request({ method: 'zkevm_isBlockConsolidated', params: [q(one!.number)] })).toBe(false)
  })
})
