import 'fake-indexeddb/auto'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCrypto } from '../../src/protocol/crypto/loadCrypto.js'
import { bigintToAddress, bytesToHex } from '../../src/protocol/field.js'
import { deposit } from '../../src/protocol/testing/fixtures.js'
import { openNodeStore } from '../storage/openNodeStore.js'
import type { WebSocketLike } from './followTrustedBatches.js'
import { NodeService } from './nodeService.js'
import { FakeL1, ROLLUP, TestSequencer, TestVerifier } from './testing/fakeL1.js'

beforeAll(async () => {
  await loadCrypto()
}, 60_000)

/** The relay's end of a WebSocket: answers the subscription and pushes what the test says. */
class FakeRelaySocket implements WebSocketLike {
  readyState = 1
  readonly sent: unknown[] = []
  private readonly listeners = new Map<string, ((event: { data?: unknown }) => void)[]>()
  constructor() {
    queueMicrotask(() => this.emit('open', {}))
  }
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  send(data: string): void {
    const request = JSON.parse(data) as { id: number; method: string }
    this.sent.push(request)
    if (request.method === 'lantern_subscribe') this.emit('message', { data: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: '0x7' }) })
  }
  close(): void {
    this.readyState = 3
  }
  push(result: unknown, subscription = '0x7'): void {
    this.emit('message', { data: JSON.stringify({ jsonrpc: '2.0', method: 'lantern_subscription', params: { subscription, result } }) })
  }
  private emit(type: string, event: { data?: unknown }): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event)
  }
}

const zero32 = `0x${'00'.repeat(32)}`
/** What the relay's trustedBatchView sends, with the record that matters here. */
const trustedView = (number: number, record: Uint8Array) => ({
  number: `0x${number.toString(16)}`,
  blockHash: zero32,
  timestamp: '0x1',
  oldStateRoot: zero32,
  stateRoot: zero32,
  priorityOpCount: 1,
  accInputHash: zero32,
  publicInputs: ['0x1'],
  exitRoot: zero32,
  feeAccountIndex: 0,
  totalFeesGwei: '0x0',
  batchL2Data: bytesToHex(record),
  slots: [],
})

describe('the relay\'s trusted batches', () => {
  it('are recorded as trusted; one L1 later sequences differently raises relay-disagrees and is never consolidated', async () => {
    const l1 = new FakeL1()
    const seq = new TestSequencer(l1)
    const first = await seq.build([{ kind: 'priority', op: deposit(1, 5n) }])
    await seq.build([{ kind: 'priority', op: deposit(2, 6n) }])
    let socket: FakeRelaySocket | undefined
    const service = new NodeService({
      openStore: (name) => openNodeStore(name),
      createL1: () => l1,
      createVerifier: () => new TestVerifier(),
      createSocket: () => (socket = new FakeRelaySocket()),
    })
    await service.start({
      rpcUrl: 'http://unused.invalid',
      relayUrl: 'ws://relay.invalid',
      deployment: { chainId: 31337, deployer: bigintToAddress(1n), startBlock: 1, contracts: { rollup: bigintToAddress(ROLLUP), bridge: bigintToAddress(2n) }, libraries: {} },
      databaseName: `trusted-${Math.random()}`,
      pollIntervalMs: 5,
    })
    await expect.poll(() => socket?.sent.length).toBe(1)
    expect(socket!.sent[0]).toMatchObject({ method: 'lantern_subscribe', params: ['trustedBatches'] })
    // Batch 1 as L1 will have it; batch 2 is a lie (batch 1's record under number 2); then junk, dropped.
    socket!.push(trustedView(1, first.record))
    socket!.push(trustedView(2, first.record))
    socket!.push({ number: 'nope' })
    socket!.push(trustedView(3, first.record), '0x99')
    await expect.poll(async () => (await service.status()).lastTrustedBatch).toBe(2n)
    expect((await service.status()).relayProblem).toMatch(/schema/)
    expect(await service.batchState(1n)).toBe('trusted')
    expect(await service.batchState(3n)).toBe('unknown')

    seq.post(1, 2)
    seq.prove(2)
    await expect.poll(async () => (await service.status()).lastVerifiedBatch).toBe(2n)
    expect(await service.alarms()).toMatchObject([{ kind: 'relay-disagrees', batchNumber: 2n }])
    expect(await service.batchState(1n)).toBe('consolidated')
    expect(await service.batchState(2n)).toBe('alarm')
    expect((await service.status()).lastConsolidatedBatch).toBe(1n)
    await service.stop()
    expect(socket!.readyState).toBe(3)
  })
})
