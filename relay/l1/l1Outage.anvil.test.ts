// L1 down for 30 s under a running relay (real contracts on anvil, mock verifier), through a proxy
// that drops and refuses connections: the relay keeps accepting and sequencing L2 transfers,
// reports itself degraded in lantern_status and /health, retries L1 with backoff, and once L1
// answers again recovers by itself: the deposit made meanwhile is credited, every batch is posted,
// nothing acknowledged is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { rollupAbi } from '../../contracts/generated/abis'
import { deposit, GWEI, type Lantern, mined, startLantern } from '../../contracts/test/helpers/lantern'
import { signed, testPublicKey, transfer } from '../../src/protocol/testing/fixtures'
import { serializeL2Tx } from '../../src/protocol/tx/l2TxJson'
import type { LanternStatus } from '../../src/rpc/schema'
import { type Relay, startRelay } from '../startRelay'
import { quietLogger, relayConfigOn, relayRpc, tempDataDir, until } from '../anvilTesting'
import { type FlakyProxy, startFlakyProxy } from './testing/flakyProxy'

const OUTAGE_MS = 30_000

let L: Lantern
let proxy: FlakyProxy
let data: ReturnType<typeof tempDataDir>
let relay: Relay

const indexOf = async (address: Hex) => Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accountIndexOf', args: [address] }))
const lastSequenced = async () => Number(await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'lastSequencedBatch' }))
const rpc = <T>(method: string, params: unknown[] = []) => relayRpc<T>(relay.url, method, params)
const health = async () => (await (await fetch(`${relay.url}/health`)).json()) as { status: string; l1?: Record<string, string> }

beforeAll(async () => {
  L = await startLantern({ verifier: 'mock' })
  proxy = await startFlakyProxy(L.anvil.rpcUrl)
  data = tempDataDir('relay-outage')
  relay = await startRelay(relayConfigOn(L, data.dir, { l1RpcUrl: proxy.url, l1PollMs: 200, l1RetryMaxMs: 2_000 }), { logger: quietLogger })
}, 180_000)
afterAll(async () => {
  await relay?.close()
  await proxy?.close()
  await L?.stop()
  data?.remove()
})

describe('relay with L1 down for 30 s', () => {
  it('degrades, keeps sequencing L2 transfers, retries with backoff and recovers by itself without losing anything', async () => {
    const node = relay.node
    const key = testPublicKey(5)
    await mined(L, deposit(L, L.alice, L.alice, 1_000_000n * GWEI, [key.pubAx, key.pubAy]))
    const alice = await indexOf(L.alice)
    const fee = await indexOf(L.sequencer)
    await until('alice\'s credit', async () => ((await node.tree.getAccount(alice)).balance === 1_000_000n ? true : undefined))
    await until('sequenced', async () => ((await lastSequenced()) === node.sequencer.head.number ? true : undefined))
    expect(await health()).toEqual({ status: 'ok' })

    proxy.down()
    const downAt = Date.now()
    await until('degraded', async () => (relay.health.degraded ? true : undefined))
    const status = await rpc<LanternStatus>('lantern_status')
    expect(status.degraded).toBe(true)
    expect(status.l1Errors).toHaveProperty('status')
    expect(status.l1.blockNumber).toBeGreaterThan(0)
    expect((await health()).status).toBe('degraded')

    // While L1 is away: transfers are acknowledged and become trusted; a deposit lands on L1 directly.
    const hashes: Hex[] = []
    for (let nonce = 0n; nonce < 3n; nonce++) {
      const sent = await rpc<{ hash: Hex }>('lantern_sendTransaction', [serializeL2Tx(signed(transfer(alice, fee, 10n, 1n, nonce), 5, node.domain))])
      hashes.push(sent.hash)
    }
    await until('the transfers in trusted state', async () => ((await Promise.all(hashes.map((h) => node.storage.findTx(h)))).every(Boolean) ? true : undefined))
    await mined(L, deposit(L, L.bob, L.bob, 2_000n * GWEI))
    const bob = await indexOf(L.bob)
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downAt))))
    expect(relay.health.degraded).toBe(true)
    expect((await node.tree.getAccount(bob)).balance).toBe(0n)
    expect(await lastSequenced()).toBeLessThan(node.sequencer.head.number)

    proxy.up()
    await until('bob\'s credit', async () => ((await node.tree.getAccount(bob)).balance === 2_000n ? true : undefined))
    await until('everything posted', async () => {
      const head = node.sequencer.head.number
      return (await lastSequenced()) === head && Number(await node.storage.getMeta('postedThrough')) === head ? true : undefined
    })
    await until('healthy', async () => (relay.health.degraded ? undefined : true))
    expect(await health()).toEqual({ status: 'ok' })
    expect((await rpc<LanternStatus>('lantern_status')).degraded).toBe(false)
    const head = node.sequencer.head
    const acc = await L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: 'accInputHashAt', args: [BigInt(head.number)] })
    expect(acc).toBe(head.accInputHash)
    for (const h of hashes) expect(await node.storage.findTx(h)).toBeDefined()
    expect((await node.tree.getAccount(alice)).nonce).toBe(3n)
  }, 150_000)
})
