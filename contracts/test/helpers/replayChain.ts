// Replays the recorded chain (contracts/test/fixtures/chain.json, see contracts/recordChain.ts) on a
// fresh deployment: the same deposits from the same accounts, so the queue's op hashes, the Rollup's
// address and therefore every recorded proof are valid here; then batches are sequenced and
// verified in whatever grouping the caller asks for (proofs do not depend on it).
import assert from 'node:assert/strict'
import { deposit, mined, verifyBatches, type BatchProofArg, type Lantern } from './lantern'
import type { ChainFixture } from './proofSet'

/** Queues the fixture's deposits; fails unless this deployment is the recorded one. */
export async function replayDeposits(L: Lantern, fixture: ChainFixture): Promise<void> {
  assert.equal(L.rollup, fixture.rollup, 'the Rollup must land where it was recorded (same deployer, same nonces)')
  assert.equal(L.chain.id, fixture.chainId)
  for (const d of fixture.deposits) {
    await mined(L, deposit(L, d.from, d.recipient, BigInt(d.wei), [BigInt(d.pubAx), BigInt(d.pubAy)]))
  }
  await L.model.syncOps()
}

/** Sequences recorded batches first..last in one call (through the model). */
export async function sequenceRecorded(L: Lantern, fixture: ChainFixture, first: number, last: number) {
  return L.model.sequenceRaw(fixture.batches.slice(first - 1, last).map((b) => b.record))
}

/** The recorded proofs of batches first..last as verifyBatches takes them. */
export function recordedProofs(fixture: ChainFixture, first: number, last: number): BatchProofArg[] {
  return fixture.batches.slice(first - 1, last).map((b) => ({ newStateRoot: BigInt(b.newStateRoot), exitRoot: BigInt(b.exitRoot), proof: b.proof.map(BigInt) }))
}

/** Verifies recorded batches first..last (last a checkpoint) in one call with their real proofs. */
export async function verifyRecorded(L: Lantern, fixture: ChainFixture, first: number, last: number, from = L.stranger) {
  return mined(L, verifyBatches(L, BigInt(last), L.model.recordsOf(first, last), recordedProofs(fixture, first, last), from))
}
