// The relay's RPC surface over a real server: viem's public client against every eth_* method
// (results checked against src/rpc/schema.ts, shapes as execution-apis), the typed Lantern
// client, subscriptions over WebSocket, and typed errors rebuilt on the client side.
import type { AddressInfo } from 'node:net'
import { createPublicClient, http, rpcSchema, webSocket, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { GWEI } from '../../src/protocol/constants'
import { bigintToAddress } from '../../src/protocol/field'
import { signed, testAddress, transfer } from '../../src/protocol/testing/fixtures'
import { serializeL2Tx } from '../../src/protocol/tx/l2TxJson'
import { NonceTooLowError, ReplacementUnderpricedError, fromJsonRpcError } from '../../src/rpc/errors'
import type { LanternRpcSchema } from '../../src/rpc/schema'
import { testContext } from '../testing'
import { openTestNode, type TestNode } from '../testNode'
import { createHttpServer } from './httpServer'
import { methods } from './methods'

let node: TestNode
let server: ReturnType<typeof createHttpServer>
let base = ''
let wsUrl = ''
let txHash: Hex

const rpc = async (method: string, params: unknown[] = []) =>
  (await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })).json() as Promise<{ result?: unknown; error?: { code: number; data?: { code: string } } }>

beforeAll(async () => {
  node = await openTestNode({ accounts: 3 })
  server = createHttpServer({ ctx: testContext(undefined, node), methods, validateResults: true })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  base = `http://127.0.0.1:${port}`
  wsUrl = `ws://127.0.0.1:${port}`
  const next = node.nextBatch()
  const sent = (await rpc('lantern_sendTransaction', [serializeL2Tx(signed(transfer(2, 3, 5n, 2n, 0n), 2))])) as { result: { hash: Hex } }
  txHash = sent.result.hash
  await next
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await node.close()
})

describe('eth_* through viem', () => {
  it('chain id, net_version, block number', async () => {
    const client = createPublicClient({ transport: http(base) })
    expect(await client.getChainId()).toBe(31337)
    expect(await client.request({ method: 'net_version' })).toBe('31337')
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(BigInt(node.sequencer.head.number))
  })

  it('balances in wei and nonces of the account an L1 address owns; zero for unknown addresses', async () => {
    const client = createPublicClient({ transport: http(base) })
    const owner2 = bigintToAddress(testAddress(2))
    expect(await client.getBalance({ address: owner2 })).toBe((1_000_000_000_000n - 7n) * GWEI)
    expect(await client.getTransactionCount({ address: owner2 })).toBe(1)
    expect(await client.getBalance({ address: '0x000000000000000000000000000000000000dEaD' })).toBe(0n)
    // The fake L1 has verified nothing: consolidated state is the empty genesis state.
    expect(await client.getBalance({ address: owner2, blockTag: 'finalized' })).toBe(0n)
  })

  it('blocks by number, hash and tag, with hashes or full transactions; transactions and receipts', async () => {
    const client = createPublicClient({ transport: http(base) })
    const head = node.sequencer.head
    const block = await client.getBlock({ blockNumber: BigInt(head.number), includeTransactions: true })
    expect(block.hash).toBe(head.hash)
    expect(block.transactions[0]).toMatchObject({ hash: txHash, from: bigintToAddress(testAddress(2)), to: bigintToAddress(testAddress(3)), value: 5n * GWEI, nonce: 0 })
    expect((await client.getBlock({ blockHash: head.hash })).number).toBe(BigInt(head.number))
    expect((await client.getBlock({ blockTag: 'latest' })).parentHash).toBe((await client.getBlock({ blockNumber: BigInt(head.number - 1) })).hash)
    expect((await client.getBlock({ blockNumber: 0n })).number).toBe(0n)
    await expect(client.getBlock({ blockNumber: 10_000n })).rejects.toThrow(/could not be found/)
    const tx = await client.getTransaction({ hash: txHash })
    expect(tx.blockNumber).toBe(BigInt(head.number))
    const receipt = await client.getTransactionReceipt({ hash: txHash })
    expect(receipt).toMatchObject({ status: 'success', blockHash: head.hash, transactionHash: txHash, gasUsed: 1n, effectiveGasPrice: 2n * GWEI })
    expect(await rpc('eth_getTransactionReceipt', [`0x${'ab'.repeat(32)}`])).toMatchObject({ result: null })
  })

  it('a pooled transaction is pending (block fields null), as a mempool transaction; one the relay holds nowhere is null', async () => {
    const client = createPublicClient({ transport: http(base) })
    // Nonce 5 from account 3, which is at nonce 0: queued behind a gap, so it stays in the pool.
    const sent = (await rpc('lantern_sendTransaction', [serializeL2Tx(signed(transfer(3, 2, 1n, 1n, 5n), 3))])) as { result: { hash: Hex; status: string } }
    expect(sent.result.status).toBe('queued')
    const pending = await client.getTransaction({ hash: sent.result.hash })
    expect(pending).toMatchObject({ hash: sent.result.hash, blockHash: null, blockNumber: null, transactionIndex: null, from: bigintToAddress(testAddress(3)), to: bigintToAddress(testAddress(2)), value: GWEI, nonce: 5 })
    expect(await rpc('eth_getTransactionReceipt', [sent.result.hash])).toMatchObject({ result: null })
    expect(await rpc('eth_getTransactionByHash', [`0x${'ab'.repeat(32)}`])).toMatchObject({ result: null })
    await node.pool.drop([sent.result.hash])
    expect(await rpc('eth_getTransactionByHash', [sent.result.hash])).toMatchObject({ result: null })
  })

  it('newHeads and trustedBatches over WebSocket', async () => {
    const client = createPublicClient({ transport: webSocket(wsUrl) })
    const heads: bigint[] = []
    const unwatch = client.watchBlocks({ onBlock: (b) => heads.push(b.number), emitOnBegin: false })
    const ws = new WebSocket(wsUrl)
    await new Promise((r) => ws.once('open', r))
    const pushed: { method: string; params: { result: { number: string; slots: unknown[] } } }[] = []
    ws.on('message', (m) => pushed.push(JSON.parse(m.toString())))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'lantern_subscribe', params: ['trustedBatches'] }))
    await new Promise((r) => setTimeout(r, 100))
    const next = node.nextBatch()
    await node.pool.submit(signed(transfer(3, 2, 1n, 1n, 0n), 3))
    const batch = await next
    await new Promise((r) => setTimeout(r, 100))
    unwatch()
    ws.close()
    expect(heads).toContain(BigInt(batch.number))
    const note = pushed.find((m) => m.method === 'lantern_subscription')
    expect(note?.params.result).toMatchObject({ number: `0x${batch.number.toString(16)}` })
    expect(note?.params.result.slots).toHaveLength(1)
    await client.transport.getRpcClient().then((c) => c.close())
  })

  it('pushes one batch to every subscription with its own id and the same result', async () => {
    const ws = new WebSocket(wsUrl)
    await new Promise((r) => ws.once('open', r))
    const messages: { id?: number; result?: string; method?: string; params?: { subscription: string; result: { number: string; blockHash?: string; hash?: string } } }[] = []
    ws.on('message', (m) => messages.push(JSON.parse(m.toString())))
    ws.send(JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'lantern_subscribe', params: ['trustedBatches'] },
      { jsonrpc: '2.0', id: 2, method: 'lantern_subscribe', params: ['trustedBatches'] },
      { jsonrpc: '2.0', id: 3, method: 'eth_subscribe', params: ['newHeads'] },
    ]))
    await new Promise((r) => setTimeout(r, 100))
    const ids = (messages.shift() as unknown as { result: string }[]).map((m) => m.result)
    const next = node.nextBatch()
    await node.pool.submit(signed(transfer(3, 2, 1n, 1n, 1n), 3))
    const batch = await next
    await new Promise((r) => setTimeout(r, 100))
    ws.close()
    const pushes = messages.filter((m) => m.params?.result.number === `0x${batch.number.toString(16)}`)
    expect(pushes.map((m) => [m.method, m.params!.subscription])).toEqual([['lantern_subscription', ids[0]], ['lantern_subscription', ids[1]], ['eth_subscription', ids[2]]])
    expect(pushes[0]!.params!.result).toEqual(pushes[1]!.params!.result)
    expect(pushes[0]!.params!.result.blockHash).toBe(batch.hash)
    expect(pushes[2]!.params!.result.hash).toBe(batch.hash)
  })

  it('subscriptions are WebSocket only', async () => {
    expect(await rpc('eth_subscribe', ['newHeads'])).toMatchObject({ error: { code: -32601 } })
  })
})

describe('lantern_* through a typed client', () => {
  it('sends, rejects with typed errors, reports the account with a proof and the pool', async () => {
    const client = createPublicClient({ transport: http(base), rpcSchema: rpcSchema<LanternRpcSchema>() })
    const account = await client.request({ method: 'lantern_getAccount', params: [{ index: 2 }] })
    expect(account).toMatchObject({ state: 'trusted', index: 2, nonce: '0x1', root: `0x${node.sequencer.head.stateRoot.toString(16).padStart(64, '0')}` })
    expect(account!.siblings).toHaveLength(16)
    expect(await client.request({ method: 'lantern_getAccount', params: [bigintToAddress(testAddress(3))] })).toMatchObject({ index: 3 })
    expect(await client.request({ method: 'lantern_estimateFee', params: [] })).toEqual({ feeGwei: '0x1', minFeeGwei: '0x1' })

    const old = await rpc('lantern_sendTransaction', [serializeL2Tx(signed(transfer(2, 3, 5n, 2n, 0n), 2))])
    expect(old.error).toMatchObject({ code: -32000, data: { code: 'NONCE_TOO_LOW' } })
    expect(fromJsonRpcError(old.error)).toBeInstanceOf(NonceTooLowError)

    await node.sequencer.stop()
    await rpc('lantern_sendTransaction', [serializeL2Tx(signed(transfer(2, 3, 5n, 10n, 1n), 2))])
    const under = await rpc('lantern_sendTransaction', [serializeL2Tx(signed(transfer(2, 3, 6n, 10n, 1n), 2))])
    expect(fromJsonRpcError(under.error)).toBeInstanceOf(ReplacementUnderpricedError)
    expect(await client.request({ method: 'lantern_poolStatus', params: [] })).toMatchObject({ pending: 1, queued: 0 })
    node.sequencer.start()
  })
})
