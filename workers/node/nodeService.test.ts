import 'fake-indexeddb/auto'
import { beforeAll, describe, expect, it } from 'vitest'
import { bigintToAddress } from '../../src/protocol/field.js'
import { loadCrypto } from '../../src/protocol/crypto/loadCrypto.js'
import { InvalidParameterError } from '../../src/protocol/errors.js'
import { deposit } from '../../src/protocol/testing/fixtures.js'
import { NodeNotRunningError } from '../errors.js'
import { openNodeStore } from '../storage/openNodeStore.js'
import { NodeService } from './nodeService.js'
import type { NodeWorkerStatus } from './nodeApi.js'
import { FakeL1, ROLLUP, TestSequencer, TestVerifier } from './testing/fakeL1.js'

// Poseidon's WASM set-up can take a while on a loaded machine.
beforeAll(async () => {
  await loadCrypto()
}, 60_000)

class FlakyL1 extends FakeL1 {
  down = false
  override async head() {
    if (this.down) throw new Error('connection refused')
    return super.head()
  }
}

const parameters = (databaseName: string) => ({
  rpcUrl: 'http://unused.invalid',
  deployment: { chainId: 31337, deployer: bigintToAddress(1n), startBlock: 1, contracts: { rollup: bigintToAddress(ROLLUP), bridge: bigintToAddress(2n) }, libraries: {} },
  databaseName,
  pollIntervalMs: 5,
})

describe('NodeService', () => {
  it('syncs in the background, reports an L1 outage as lastError (typed), and clears it when L1 is back', async () => {
    const l1 = new FlakyL1()
    const seq = new TestSequencer(l1)
    await seq.build([{ kind: 'priority', op: deposit(1, 5n) }])
    seq.post(1, 1)
    const persist: string[] = []
    const service = new NodeService({
      openStore: (name) => openNodeStore(name),
      createL1: () => l1,
      createVerifier: () => new TestVerifier(),
      storageManager: { estimate: async () => ({ usage: 10, quota: 100 }), persisted: async () => false, persist: async () => (persist.push('asked'), true) },
    })
    const statuses: NodeWorkerStatus[] = []
    await service.subscribe((status) => statuses.push(status))
    await service.start(parameters(`service-${Math.random()}`))
    expect(persist).toEqual(['asked'])
    await expect.poll(async () => (await service.status()).lastSequencedBatch).toBe(1n)
    l1.down = true
    await expect.poll(async () => (await service.status()).lastError?.code).toBe('L1_READ_FAILED')
    l1.down = false
    await expect.poll(async () => (await service.status()).lastError).toBe(null)
    const status = await service.status()
    expect(status).toMatchObject({ running: true, storage: { usage: 10, quota: 100 } })
    expect(statuses.some((s) => s.lastError?.code === 'L1_READ_FAILED')).toBe(true)
    await service.stop()
    await expect(service.status()).rejects.toThrow(NodeNotRunningError)
  })

  it('start is idempotent for the same parameters and refuses other ones', async () => {
    const l1 = new FakeL1()
    const service = new NodeService({ openStore: (name) => openNodeStore(name), createL1: () => l1, createVerifier: () => new TestVerifier() })
    const p = parameters(`service-${Math.random()}`)
    await service.start(p)
    await service.start(p)
    await expect(service.start({ ...p, pollIntervalMs: 9 })).rejects.toThrow(InvalidParameterError)
    await service.stop()
  })
})
