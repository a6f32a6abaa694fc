/**
 * A private anvil with the v2 contracts and the real BatchVerifier, on which a recorded chain
 * (contracts/recordChain.ts: real records and Groth16 proofs) is replayed: the same deposits, each
 * recorded sequenceBatches call, and verifyBatches calls of at least `verifyEvery` batches.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Lantern, startLantern } from '../../contracts/test/helpers/lantern'
import type { ChainFixture } from '../../contracts/test/helpers/proofSet'
import { replayDeposits, sequenceRecorded, verifyRecorded } from '../../contracts/test/helpers/replayChain'
import { rootDir } from '../../scripts/devnet/startDevnet'

/** The recorded chains: the short one the contract tests use and the 200-transfer one. */
export const CHAIN_FIXTURES = {
  short: join(rootDir, 'contracts/test/fixtures/chain.json'),
  long: join(rootDir, 'contracts/test/fixtures/chain-long.json'),
} as const

/** Reads a recorded chain fixture. */
export function readFixture(path: string): ChainFixture {
  return JSON.parse(readFileSync(path, 'utf8')) as ChainFixture
}

export type RecordedDevnet = {
  L: Lantern
  fixture: ChainFixture
  /** The verifyBatches calls made, as [first, last] batch ranges, in order. */
  verifyCalls: [number, number][]
  /** What the page's connectLightNode needs. */
  nodeParameters: (overrides?: Record<string, unknown>) => Record<string, unknown>
  stop(): Promise<void>
}

/** Starts anvil and replays `fixture` (sequenced as recorded, verified `verifyEvery` at a time). */
export async function startRecordedDevnet(fixture: ChainFixture, { verifyEvery = 8, verifyUpTo = fixture.batches.length } = {}): Promise<RecordedDevnet> {
  const L = await startLantern({ verifier: 'real' })
  try {
    await replayDeposits(L, fixture)
    for (const call of fixture.calls) await sequenceRecorded(L, fixture, call[0]!, call[call.length - 1]!)
    const verifyCalls: [number, number][] = []
    let verified = 0
    for (const call of fixture.calls) {
      const last = call[call.length - 1]!
      if (last > verifyUpTo) break
      if (last - verified >= verifyEvery || last === verifyUpTo) {
        await verifyRecorded(L, fixture, verified + 1, last)
        verifyCalls.push([verified + 1, last])
        verified = last
      }
    }
    return {
      L,
      fixture,
      verifyCalls,
      nodeParameters: (overrides = {}) => ({
        rpcUrl: L.anvil.rpcUrl,
        deployment: { chainId: L.chain.id, deployer: L.rollup, startBlock: 0, contracts: { rollup: L.rollup, bridge: L.bridge }, libraries: {} },
        pollIntervalMs: 200,
        ...overrides,
      }),
      stop: () => L.stop(),
    }
  } catch (error) {
    await L.stop()
    throw error
  }
}
