// Shared fixtures for relay unit tests (not imported by the relay itself).
import type { PublicClient } from 'viem'
import type { RelayConfig } from './config'
import type { RelayNode } from './node'
import type { RelayContext } from './rpc/types'

export const testDeployment = {
  chainId: 31337,
  deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  startBlock: 1,
  contracts: { rollup: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
  libraries: { PoseidonT3: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' },
} as const satisfies RelayConfig['deployment']

export const testConfig: RelayConfig = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  l1RpcUrl: 'http://127.0.0.1:8545',
  corsOrigin: '*',
  deploymentFile: '.devnet/deployment.json',
  deployment: testDeployment,
  dataDir: ':memory:',
  feeAccountIndex: 1,
  batchMaxWaitMs: 20,
  minFeeGwei: 1n,
  sequencerPrivateKey: undefined,
  l1PollMs: 1_000,
  l1Confirmations: 1,
  l1RetryMaxMs: 10_000,
  sequenceMaxBatches: 4,
  aggregatorPrivateKey: undefined,
  aggregatorK: 4,
  aggregatorIntervalMs: 10_000,
  circuitArtifacts: { wasm: 'circuits/artifacts/batch.wasm', zkey: 'circuits/artifacts/batch.zkey' },
  relayProvers: 0,
  proverJobTtlMs: 120_000,
  maxUnprovenBatches: 0,
  stateHistoryBatches: 0,
})

/** What a fake L1's Rollup answers for lastSequencedBatch / lastVerifiedBatch (mutable by the test). */
export type FakeRollup = { lastSequencedBatch: number; lastVerifiedBatch: number }

/** A stand-in for the L1 client: only the calls the methods under test make. */
export function fakeL1(opts: { chainId?: number; blockNumber?: bigint; fail?: Error; rollup?: FakeRollup } = {}): PublicClient {
  const answer = <T>(value: T) => (opts.fail ? Promise.reject(opts.fail) : Promise.resolve(value))
  const rollup = opts.rollup ?? { lastSequencedBatch: 0, lastVerifiedBatch: 0 }
  return {
    getChainId: () => answer(opts.chainId ?? 31337),
    getBlockNumber: () => answer(opts.blockNumber ?? 42n),
    readContract: ({ functionName }: { functionName: keyof FakeRollup }) => answer(BigInt(rollup[functionName])),
  } as unknown as PublicClient
}

export function testContext(l1: PublicClient = fakeL1(), node?: RelayNode): RelayContext {
  return node ? { config: testConfig, l1, node } : { config: testConfig, l1 }
}
