// The relay over a real anvil with the real contracts (mock verifier: no proof here): a deposit
// made on L1 is executed into a trusted batch and posted with sequenceBatches, with nothing but
// the relay driving it; a restarted relay posts nothing twice.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rollupAbi } from '../../contracts/generated/abis'
import { deposit, GWEI, type Lantern, mined, startLantern } from '../../contracts/test/helpers/lantern'
import { addressToBigint } from '../../src/protocol/field'
import { testPublicKey } from '../../src/protocol/testing/fixtures'
import { type Relay, startRelay } from '../startRelay'
import { quietLogger, relayConfigOn, relayRpc, tempDataDir, until } from '../anvilTesting'


let L: Lantern
let data: ReturnType<typeof tempDataDir>
beforeAll(async () => {
  L = await startLantern({ verifier: 'mock' })
  data = tempDataDir('relay-l1')
}, 120_000)
afterAll(async () => {
  await L?.stop()
  data?.remove()
})

const config = () => relayConfigOn(L, data.dir, { l1PollMs: 100 })

const lastSequenced = async () => Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'lastSequencedBatch' }))

describe('relay over L1', () => {
  let relay: Relay | undefined
  afterAll(async () => relay?.close())

  it('registers its fee account, executes an L1 deposit into a trusted batch and sequences it on L1', async () => {
    relay = await startRelay(config(), { logger: quietLogger })
    const feeIndex = Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accountIndexOf', args: [L.sequencer] }))
    expect(feeIndex).toBeGreaterThan(0)

    const key = testPublicKey(5)
    await mined(L, deposit(L, L.alice, L.alice, 7_000n * GWEI, [key.pubAx, key.pubAy]))
    const aliceIndex = Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accountIndexOf', args: [L.alice] }))
    const node = relay.node
    const credited = await until('the trusted credit', async () => {
      const account = await node.tree.getAccount(aliceIndex)
      return account.balance === 7_000n ? account : undefined
    })
    expect(credited.address).toBe(addressToBigint(L.alice))
    const head = node.sequencer.head.number
    await until('sequenceBatches', async () => ((await lastSequenced()) >= head ? true : undefined))
    const acc = await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accInputHashAt', args: [BigInt(head)] })
    expect(acc).toBe((await node.storage.getBatch(head))!.accInputHash)
    // The relay records what it posted once it has the receipt, a moment after L1 shows it.
    await until('postedThrough', async () => ((await node.storage.getMeta('postedThrough')) === String(head) ? true : undefined))
    const rpc = (method: string) => relayRpc<unknown>(relay!.url, method)
    expect(await rpc('zkevm_virtualBatchNumber')).toBe(`0x${head.toString(16)}`)
    expect(await rpc('zkevm_verifiedBatchNumber')).toBe('0x0')
    expect(await rpc('lantern_status')).toMatchObject({ degraded: false })
  }, 90_000)

  it('after a restart with postedThrough rolled back, skips what L1 already holds instead of posting it twice', async () => {
    await relay!.close()
    const before = await lastSequenced()
    // As if killed between the mined sequenceBatches and the postedThrough write.
    const { openSqliteStorage } = await import('../store/sqliteStorage')
    const storage = openSqliteStorage(join(data.dir, 'relay.sqlite'))
    await storage.setMeta('postedThrough', '0')
    await storage.close()
    relay = await startRelay(config(), { logger: quietLogger })
    await mined(L, deposit(L, L.bob, L.bob, 1_000n * GWEI, [testPublicKey(6).pubAx, testPublicKey(6).pubAy]))
    const node = relay.node
    await until('a new batch', async () => (node.sequencer.head.number > before ? true : undefined))
    const head = node.sequencer.head.number
    await until('sequenceBatches', async () => ((await lastSequenced()) >= head ? true : undefined))
    expect(await lastSequenced()).toBe(head)
    const acc = await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accInputHashAt', args: [BigInt(head)] })
    expect(acc).toBe((await node.storage.getBatch(head))!.accInputHash)
  }, 90_000)
})
