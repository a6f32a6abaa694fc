// The light node over the recorded real chain (contracts/test/fixtures/chain.json, real Groth16
// proofs) replayed on anvil with the real BatchVerifier: the node reads L1 through viem, re-executes
// every batch and verifies every proof with the pinned key (strict verifier, and snarkjs), with public inputs it
// computed itself. An L1 endpoint that alters one proof word is caught by the real verifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bridgeAbi } from '../../contracts/generated/abis.js'
import { type Lantern, mined, startLantern } from '../../contracts/test/helpers/lantern.js'
import { type ChainFixture, readChainFixture } from '../../contracts/test/helpers/proofSet.js'
import { replayDeposits, sequenceRecorded, verifyRecorded } from '../../contracts/test/helpers/replayChain.js'
import { MemoryStore } from '../protocol/store/memoryStore.js'
import { releaseCurve } from '../prover/releaseCurve.js'
import { LightNode } from '../../workers/node/lightNode.js'
import type { L1Source } from '../../workers/node/l1Source.js'
import type { ProofVerifier } from '../../workers/node/proofVerifier.js'
import { snarkjsProofVerifier } from '../../workers/node/snarkjsProofVerifier.js'
import { strictProofVerifier } from '../../workers/node/strictProofVerifier.js'
import { viemL1Source } from '../../workers/node/viemL1Source.js'

const fixture = readChainFixture()
let L: Lantern

describe.skipIf(fixture === undefined)('the light node over the recorded chain', () => {
  const chain = fixture as ChainFixture

  beforeAll(async () => {
    L = await startLantern({ verifier: 'real' })
    await replayDeposits(L, chain)
    for (const call of chain.calls) {
      const first = call[0]!
      const last = call[call.length - 1]!
      await sequenceRecorded(L, chain, first, last)
    }
    // Verified in calls of up to 8 batches ending at checkpoints, as an aggregator catching up would.
    let verified = 0
    for (const call of chain.calls) {
      const last = call[call.length - 1]!
      if (last - verified >= 8 || last === chain.batches.length) {
        await verifyRecorded(L, chain, verified + 1, last)
        verified = last
      }
    }
  })

  afterAll(async () => {
    await L?.stop()
    await releaseCurve()
  })

  const nodeOver = (l1: L1Source, verifier: ProofVerifier = strictProofVerifier()) =>
    new LightNode({
      store: new MemoryStore(),
      l1,
      verifier,
      config: { chainId: BigInt(chain.chainId), rollupAddress: BigInt(L.rollup), deployBlock: 0n },
    })

  it.each([
    ['the strict verifier, a call at once', strictProofVerifier],
    ['snarkjs, one by one', snarkjsProofVerifier],
  ])('re-executes every batch and verifies every real proof with the pinned key (%s)', async (_, make) => {
    const node = nodeOver(viemL1Source({ client: L.publicClient, rollup: L.rollup }), make())
    await node.open()
    await node.syncToHead()
    const n = BigInt(chain.batches.length)
    const status = await node.status()
    expect(await node.alarms()).toEqual([])
    expect(status).toMatchObject({ lastSequencedBatch: n, lastExecutedBatch: n, lastVerifiedBatch: n, lastConsolidatedBatch: n, halted: false })
    expect(status.virtualStateRoot).toBe(BigInt(chain.batches[chain.batches.length - 1]!.newStateRoot))
    expect(status.consolidatedStateRoot).toBe(status.virtualStateRoot)
  })

  it("a claim built from the node's own state pays out on the real Bridge", async () => {
    const node = nodeOver(viemL1Source({ client: L.publicClient, rollup: L.rollup }))
    await node.open()
    await node.syncToHead()
    const last = BigInt(chain.batches.length)
    const meta = await node.batch(last)
    const slot = meta!.exits!.findIndex((exit) => exit !== null)
    expect(slot).toBeGreaterThanOrEqual(0)
    const claim = await node.claimProof(last, slot)
    const before = await L.publicClient.getBalance({ address: claim.recipient })
    await mined(
      L,
      L.wallet(L.stranger).writeContract({
        address: L.bridge,
        abi: bridgeAbi,
        functionName: 'claim',
        args: [claim.batchNumber, BigInt(claim.slotIndex), claim.recipient, claim.amount, claim.siblings as unknown as readonly [bigint, bigint]],
      }),
    )
    expect(await L.publicClient.getBalance({ address: claim.recipient })).toBe(before + claim.amount * 10n ** 9n)
  })

  it('an L1 endpoint that alters one proof word is caught by the real verifier', async () => {
    const honest = viemL1Source({ client: L.publicClient, rollup: L.rollup })
    const lying: L1Source = {
      ...honest,
      verifiedBatches: async (from, to) =>
        (await honest.verifiedBatches(from, to)).map((call) =>
          call.firstBatch !== 1n ? call : { ...call, proofs: call.proofs.map((p, i) => (i === 2 ? { ...p, proof: [p.proof[0]!, p.proof[1]!, p.proof[3]!, p.proof[2]!, ...p.proof.slice(4)] } : p)) },
        ),
    }
    const node = nodeOver(lying)
    await node.open()
    await node.syncToHead()
    const alarms = await node.alarms()
    expect(alarms.map((alarm) => [alarm.kind, alarm.batchNumber])).toEqual([['proof-invalid', 3n]])
    expect((await node.status()).lastConsolidatedBatch).toBe(2n)
    expect(await node.batchState(3n)).toBe('alarm')
    expect(await node.batchState(4n)).toBe('consolidated')
  })
})
