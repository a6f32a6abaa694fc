import { createPublicClient, custom, numberToHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCrypto } from '../protocol/crypto/loadCrypto.js'
import { bigintToAddress } from '../protocol/field.js'
import { MemoryStore } from '../protocol/store/memoryStore.js'
import { deposit, testAddress, transfer, withdraw } from '../protocol/testing/fixtures.js'
import { MethodNotFoundError, StateUnavailableError } from '../rpc/errors.js'
import { LightNode } from '../../workers/node/lightNode.js'
import { CHAIN_ID, DEPLOY_BLOCK, FakeL1, ROLLUP, TestSequencer, TestVerifier } from '../../workers/node/testing/fakeL1.js'
import { lightNodeProvider } from './lightNodeProvider.js'

const GWEI = 10n ** 9n
let node: LightNode

// Five batches, four verified: account 1 changes in batch 2 (consolidated) and batch 5 (virtual);
// account 4 is created in batch 5.
beforeAll(async () => {
  await loadCrypto()
  const l1 = new FakeL1()
  const seq = new TestSequencer(l1)
  await seq.build([{ kind: 'priority', op: deposit(1, 1000n, 1) }, { kind: 'priority', op: deposit(2, 500n, 2) }])
  await seq.build([{ kind: 'l2', tx: transfer(1, 2, 100n, 3n, 0n) }], 1)
  seq.post(1, 2)
  await seq.build([{ kind: 'l2', tx: withdraw(2, 50n, 0n, 0n) }])
  seq.post(3, 1)
  seq.prove(2)
  await seq.build([{ kind: 'priority', op: deposit(3, 7n) }, { kind: 'l2', tx: transfer(2, 3, 1n, 0n, 1n) }])
  seq.post(4, 1)
  seq.prove(2)
  await seq.build([{ kind: 'priority', op: deposit(1, 5n) }, { kind: 'priority', op: deposit(4, 9n) }])
  seq.post(5, 1)
  node = new LightNode({ store: new MemoryStore(), l1, verifier: new TestVerifier(), config: { chainId: CHAIN_ID, rollupAddress: ROLLUP, deployBlock: DEPLOY_BLOCK } })
  await node.open()
  await node.syncToHead()
}, 60_000)

const client = () => createPublicClient({ transport: custom(lightNodeProvider(node, { chainId: CHAIN_ID })) })
const alice = () => bigintToAddress(testAddress(1))
const dave = () => bigintToAddress(testAddress(4))

describe('lightNodeProvider (viem custom())', () => {
  it('answers eth_chainId and eth_blockNumber (the last batch re-executed here)', async () => {
    expect(await client().getChainId()).toBe(Number(CHAIN_ID))
    expect(await client().getBlockNumber()).toBe(5n)
  })

  it('latest is the virtual state, finalized the consolidated one', async () => {
    expect(await client().getBalance({ address: alice() })).toBe((900n + 5n) * GWEI)
    expect(await client().getBalance({ address: alice(), blockTag: 'latest' })).toBe(905n * GWEI)
    expect(await client().getBalance({ address: alice(), blockTag: 'finalized' })).toBe(900n * GWEI)
    expect(await client().getBalance({ address: alice(), blockTag: 'safe' })).toBe(900n * GWEI)
    expect(await client().getTransactionCount({ address: alice(), blockTag: 'finalized' })).toBe(1)
    // Created in a batch not yet consolidated: empty in the consolidated state.
    expect(await client().getBalance({ address: dave() })).toBe(9n * GWEI)
    expect(await client().getBalance({ address: dave(), blockTag: 'finalized' })).toBe(0n)
    expect(await client().getBalance({ address: bigintToAddress(testAddress(77)) })).toBe(0n)
  })

  it('a block number must be the virtual or the consolidated batch', async () => {
    expect(await client().getBalance({ address: alice(), blockNumber: 4n })).toBe(900n * GWEI)
    expect(await client().getBalance({ address: alice(), blockNumber: 5n })).toBe(905n * GWEI)
    const provider = lightNodeProvider(node, { chainId: CHAIN_ID })
    await expect(provider.request({ method: 'eth_getBalance', params: [alice(), numberToHex(3)] })).rejects.toBeInstanceOf(StateUnavailableError)
    await expect(provider.request({ method: 'eth_getBalance', params: ['0x12', 'latest'] })).rejects.toMatchObject({ rpcCode: -32602 })
    await expect(provider.request({ method: 'eth_sendTransaction', params: [] })).rejects.toBeInstanceOf(MethodNotFoundError)
  })
})
