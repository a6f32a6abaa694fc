// The facade and the worker protocol in Node: the "worker" is a MessageChannel port running the
// real NodeService over fake-indexeddb and the in-memory L1; Web Locks are a faithful in-memory
// lock manager; BroadcastChannel is Node's own.
import 'fake-indexeddb/auto'
import { expose } from 'comlink'
import { beforeAll, describe, expect, it } from 'vitest'
import { AccountIndexOutOfRangeError, type BaseError } from '../protocol/errors.js'
import { loadCrypto } from '../protocol/crypto/loadCrypto.js'
import { deposit, transfer } from '../protocol/testing/fixtures.js'
import { bigintToAddress } from '../protocol/field.js'
import { NodeLeaderChangedError, NodeNotRunningError } from '../../workers/errors.js'
import { registerErrorTransfer } from '../../workers/node/errorTransfer.js'
import { NodeService } from '../../workers/node/nodeService.js'
import { FakeL1, ROLLUP, TestSequencer, TestVerifier } from '../../workers/node/testing/fakeL1.js'
import { openNodeStore } from '../../workers/storage/openNodeStore.js'
import { type LockManagerLike, connectLightNode } from './connectLightNode.js'
import { sharedChannelEndpoint } from './sharedChannelEndpoint.js'

// Poseidon's WASM set-up can take a while on a loaded machine.
beforeAll(async () => {
  await loadCrypto()
}, 60_000)

/** Web Locks' exclusive semantics: one holder per name, FIFO queue, ifAvailable gets null when held. */
class MemoryLocks implements LockManagerLike {
  private held = new Set<string>()
  private queues = new Map<string, (() => void)[]>()
  async request(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null)
      await new Promise<void>((resolve) => {
        const queue = this.queues.get(name) ?? []
        queue.push(resolve)
        this.queues.set(name, queue)
      })
    }
    this.held.add(name)
    try {
      return await callback({ name })
    } finally {
      this.held.delete(name)
      this.queues.get(name)?.shift()?.()
    }
  }
}

async function setup() {
  const l1 = new FakeL1()
  const seq = new TestSequencer(l1)
  await seq.build([{ kind: 'priority', op: deposit(1, 100n, 1) }, { kind: 'priority', op: deposit(2, 0n, 2) }])
  await seq.build([{ kind: 'l2', tx: transfer(1, 2, 30n, 0n, 0n) }])
  seq.post(1, 2)
  seq.prove(2)
  await seq.build([{ kind: 'l2', tx: transfer(2, 1, 5n, 0n, 0n) }])
  seq.post(3, 1)
  const workers: NodeService[] = []
  const createWorker = () => {
    const { port1, port2 } = new MessageChannel()
    const service = new NodeService({ openStore: (name) => openNodeStore(name), createL1: () => l1, createVerifier: () => new TestVerifier() })
    workers.push(service)
    expose(service, port1)
    return port2
  }
  const parameters = {
    rpcUrl: 'http://unused.invalid',
    deployment: { chainId: 31337, deployer: bigintToAddress(1n), startBlock: 1, contracts: { rollup: bigintToAddress(ROLLUP), bridge: bigintToAddress(2n) }, libraries: {} },
    databaseName: `facade-${Math.random()}`,
    pollIntervalMs: 10,
    maxBlocksPerStep: 2,
  }
  return { l1, seq, workers, createWorker, parameters, locks: new MemoryLocks() }
}

describe('connectLightNode', () => {
  it('the first tab leads and runs the node; a second tab attaches to it and reads the same state', async () => {
    const { seq, workers, createWorker, parameters, locks } = await setup()
    const tab1 = await connectLightNode({ parameters, createWorker, locks })
    const tab2 = await connectLightNode({ parameters, createWorker, locks })
    expect([tab1.role(), tab2.role()]).toEqual(['leader', 'follower'])
    expect(workers).toHaveLength(1)
    await tab2.syncNow()
    const status = await tab2.status()
    expect(status).toMatchObject({ lastSequencedBatch: 3n, lastConsolidatedBatch: 2n, running: true, alarms: 0 })
    expect(status.virtualStateRoot).toBe(seq.results[2]!.newStateRoot)
    expect(await tab1.status()).toEqual(status)
    expect(await tab2.account(2)).toMatchObject({ state: 'virtual', account: { balance: 25n } })
    await tab2.close()
    await tab1.close()
  })

  it('errors cross the worker and the tab boundary as their typed class', async () => {
    const { createWorker, parameters, locks } = await setup()
    const tab1 = await connectLightNode({ parameters, createWorker, locks })
    const tab2 = await connectLightNode({ parameters, createWorker, locks })
    for (const tab of [tab1, tab2]) {
      const error = await tab.account(70_000).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AccountIndexOutOfRangeError)
      expect((error as BaseError).code).toBe('ACCOUNT_INDEX_OUT_OF_RANGE')
      expect((error as BaseError).data).toMatchObject({ value: '70000' })
    }
    await tab2.close()
    await tab1.close()
  })

  it('when the leading tab closes, the next one takes over and resumes from the checkpoint; subscribers hear every status', async () => {
    const { l1, seq, workers, createWorker, parameters, locks } = await setup()
    const tab1 = await connectLightNode({ parameters: { ...parameters, pollIntervalMs: 60_000 }, createWorker, locks })
    const tab2 = await connectLightNode({ parameters: { ...parameters, pollIntervalMs: 60_000 }, createWorker, locks })
    const heard: bigint[] = []
    tab2.subscribe((status) => heard.push(status.syncedBlock))
    await tab1.syncNow()
    const before = await tab1.status()
    await tab1.close()
    await expect.poll(() => tab2.role()).toBe('leader')
    expect(workers).toHaveLength(2)
    await seq.build([{ kind: 'l2', tx: transfer(1, 2, 1n, 0n, 1n) }])
    seq.post(4, 1)
    await tab2.syncNow()
    const after = await tab2.status()
    expect(after.lastSequencedBatch).toBe(4n)
    expect(after.syncedBlock).toBe(l1.headNumber)
    expect(after.virtualStateRoot).toBe(seq.results[3]!.newStateRoot)
    expect(before.syncedBlock).toBeGreaterThan(0n)
    expect(heard.length).toBeGreaterThan(0)
    await tab2.close()
  })
})

describe('connectLightNode: a leader leaving mid-call', () => {
  it("fails a follower's call in flight with NodeLeaderChangedError instead of leaving it hanging", async () => {
    const { l1, createWorker, parameters, locks } = await setup()
    const tab1 = await connectLightNode({ parameters: { ...parameters, pollIntervalMs: 60_000 }, createWorker, locks })
    await tab1.syncNow()
    const tab2 = await connectLightNode({ parameters: { ...parameters, pollIntervalMs: 60_000 }, createWorker, locks })
    let open: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (open = resolve))
    const head = l1.head.bind(l1)
    l1.head = async () => {
      await gate
      return head()
    }
    const inFlight = tab2.syncNow().catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await tab1.close()
    expect(await inFlight).toBeInstanceOf(NodeLeaderChangedError)
    open()
    l1.head = head
    await expect.poll(() => tab2.role()).toBe('leader')
    expect((await tab2.status()).lastSequencedBatch).toBe(3n)
    await tab2.close()
  })
})

describe('connectLightNode: the shared channel', () => {
  it("a RELEASE on the channel (what a garbage-collected follower proxy sends) does not cut the other tabs off", async () => {
    const { createWorker, parameters, locks } = await setup()
    const tab1 = await connectLightNode({ parameters, createWorker, locks })
    const tab2 = await connectLightNode({ parameters, createWorker, locks })
    const stray = new BroadcastChannel(`${parameters.databaseName}:rpc`)
    stray.postMessage({ id: 'finalized-proxy', type: 'RELEASE' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await expect(tab2.status()).resolves.toMatchObject({ running: true })
    stray.close()
    await tab2.close()
    await tab1.close()
  })

  it('never sends RELEASE, and drops what is posted after close instead of throwing', async () => {
    const name = `shared-${Math.random()}`
    const heard: unknown[] = []
    const listener = new BroadcastChannel(name)
    listener.onmessage = (event) => heard.push(event.data)
    const endpoint = sharedChannelEndpoint(new BroadcastChannel(name))
    endpoint.postMessage({ id: 'a', type: 'RELEASE' })
    endpoint.postMessage({ id: 'b', type: 'GET', path: [] })
    await expect.poll(() => heard).toEqual([{ id: 'b', type: 'GET', path: [] }])
    endpoint.close()
    expect(() => endpoint.postMessage({ id: 'c', type: 'GET', path: [] })).not.toThrow()
    listener.close()
  })
})

describe('registerErrorTransfer', () => {
  it('is installed once, and a typed error thrown behind comlink arrives as its class', async () => {
    const { transferHandlers } = await import('comlink')
    const ours = transferHandlers.get('throw')!
    expect((ours as { lantern?: boolean }).lantern).toBe(true)
    registerErrorTransfer()
    expect(transferHandlers.get('throw')).toBe(ours)
    const error = await (async () => {
      const { port1, port2 } = new MessageChannel()
      const { wrap } = await import('comlink')
      expose({ fail: () => { throw new NodeNotRunningError({ state: 'stopped' }) } }, port1)
      return wrap<{ fail(): void }>(port2).fail()
    })().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NodeNotRunningError)
  })
})
