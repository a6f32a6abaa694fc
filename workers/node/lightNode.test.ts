import 'fake-indexeddb/auto'
import { beforeAll, describe, expect, it } from 'vitest'
import { batchPublicInputs } from '../../src/protocol/batch/batchPublicInputs.js'
import { decodeBatchRecord } from '../../src/protocol/batch/decodeBatchRecords.js'
import { TxType } from '../../src/protocol/constants.js'
import { loadCrypto } from '../../src/protocol/crypto/loadCrypto.js'
import { poseidonHashCount } from '../../src/protocol/crypto/poseidon.js'
import { InsufficientBalanceError } from '../../src/protocol/errors.js'
import { verifyExitProof } from '../../src/protocol/batch/exitTree.js'
import { bigintToAddress } from '../../src/protocol/field.js'
import { MemoryStore } from '../../src/protocol/store/memoryStore.js'
import { emptyStateRoot } from '../../src/protocol/tree/zeroHashes.js'
import { deposit, testAddress, transfer, withdraw } from '../../src/protocol/testing/fixtures.js'
import { L1ReadError } from '../../src/l1/errors.js'
import { ClaimNotAvailableError, DeploymentMismatchError, ReorgBeyondHistoryError, deserializeNodeError } from '../errors.js'
import { openNodeStore } from '../storage/openNodeStore.js'
import { LightNode, type NodeStore, PROOFS_PER_CHECK } from './lightNode.js'
import type { L1BatchProof } from './l1Source.js'
import type { ProofVerifier } from './proofVerifier.js'
import { CHAIN_ID, DEPLOY_BLOCK, FakeL1, ROLLUP, TestSequencer, TestVerifier } from './testing/fakeL1.js'

// Poseidon's WASM set-up can take a while on a loaded machine.
beforeAll(async () => {
  await loadCrypto()
}, 60_000)

const config = { chainId: CHAIN_ID, rollupAddress: ROLLUP, deployBlock: DEPLOY_BLOCK }

function node(l1: FakeL1, options: { store?: NodeStore; verifier?: ProofVerifier; maxBlocksPerStep?: number } = {}) {
  return new LightNode({ store: options.store ?? new MemoryStore(), l1, verifier: options.verifier ?? new TestVerifier(), config, maxBlocksPerStep: options.maxBlocksPerStep })
}

/** Five batches: deposits, a transfer paying a fee, a withdrawal, a second deposit; all posted, four verified. */
async function honestChain() {
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
  await seq.build([{ kind: 'priority', op: deposit(1, 5n) }])
  seq.post(5, 1)
  l1.mineEmpty(2)
  return { l1, seq }
}

describe('LightNode: honest chain', () => {
  it('re-executes every batch to the sequencer\'s roots and consolidates the verified ones', async () => {
    const { l1, seq } = await honestChain()
    const verifier = new TestVerifier()
    const n = node(l1, { verifier })
    await n.open()
    await n.syncToHead()
    const status = await n.status()
    expect(status).toMatchObject({
      syncedBlock: l1.headNumber,
      lastSequencedBatch: 5n,
      lastExecutedBatch: 5n,
      lastVerifiedBatch: 4n,
      lastConsolidatedBatch: 4n,
      halted: false,
      alarms: 0,
    })
    expect(status.virtualStateRoot).toBe(seq.results[4]!.newStateRoot)
    expect(status.consolidatedStateRoot).toBe(seq.results[3]!.newStateRoot)
    expect(await n.batchState(4n)).toBe('consolidated')
    expect(await n.batchState(5n)).toBe('virtual')
    expect(await n.batchState(6n)).toBe('unknown')
    // Account 1 (also the fee account of batch 2) was last touched by batch 5 (virtual), account 3 by batch 4 (consolidated).
    expect(await n.account(1)).toMatchObject({ state: 'virtual', lastTouchedBatch: 5n, account: { balance: 1000n - 103n + 3n + 5n } })
    expect(await n.account(3)).toMatchObject({ state: 'consolidated', lastTouchedBatch: 4n, account: { balance: 8n, address: testAddress(3) } })
    expect(await n.alarms()).toEqual([])
  })

  it('returns each priority op it stored, by op index, and nothing past the last one', async () => {
    const { l1 } = await honestChain()
    const n = node(l1)
    await n.open()
    await n.syncToHead()
    expect(await n.priorityOp(0n)).toMatchObject({ opIndex: 0n, op: { accountIndex: 1, amount: 1000n, l1Address: testAddress(1) } })
    expect(await n.priorityOp(3n)).toMatchObject({ opIndex: 3n, op: { accountIndex: 1, amount: 5n } })
    expect(await n.priorityOp(4n)).toBeUndefined()
  })

  it('verifies proofs against public inputs it computed from its own re-execution', async () => {
    const { l1, seq } = await honestChain()
    const verifier = new TestVerifier(false)
    const n = node(l1, { verifier })
    await n.open()
    await n.syncToHead()
    expect(verifier.seen).toHaveLength(4)
    for (const [i, inputs] of verifier.seen.entries()) {
      const result = seq.results[i]!
      expect(inputs).toEqual(
        batchPublicInputs({
          chainId: CHAIN_ID,
          rollupAddress: ROLLUP,
          batchNumber: BigInt(i + 1),
          oldStateRoot: result.oldStateRoot,
          newStateRoot: result.newStateRoot,
          exitRoot: result.exitRoot,
          record: decodeBatchRecord(result.record),
        }),
      )
    }
  })

  it('starts checking a verifyBatches call\'s proofs once its batches are re-executed, before the later batches of the step', async () => {
    const { l1, seq } = await sixBatches()
    seq.post(1, 2)
    seq.prove(2)
    seq.post(3, 4)
    const inner = new TestVerifier(true)
    const hashesAtCheck: number[] = []
    const verifier: ProofVerifier = {
      verify: (check) => inner.verify(check),
      verifyAll: (checks) => {
        hashesAtCheck.push(poseidonHashCount())
        return inner.verifyAll!(checks)
      },
    }
    const n = node(l1, { verifier })
    await n.open()
    await n.syncToHead()
    expect(await n.status()).toMatchObject({ lastExecutedBatch: 6n, lastConsolidatedBatch: 2n, alarms: 0 })
    // Checked once, while batches 3–6 were still to be re-executed (they hash after the check began).
    expect(hashesAtCheck).toHaveLength(1)
    expect(poseidonHashCount()).toBeGreaterThan(hashesAtCheck[0]!)
    for (const b of [1n, 2n]) expect(await n.batch(b)).toMatchObject({ status: 'consolidated', proofCheckedWith: 2 })
  })

  it('checks the proofs of a step\'s verifyBatches calls at once with verifyAll when the verifier has it', async () => {
    const { l1 } = await honestChain()
    const verifier = new TestVerifier(true)
    const n = node(l1, { verifier })
    await n.open()
    await n.syncToHead()
    // Two calls of two proofs, one step: one batch check.
    expect(verifier.all).toBe(1)
    expect(verifier.single).toBe(0)
    // Each batch keeps its share of the batch check, and with how many proofs it was checked.
    for (const b of [1n, 2n, 3n, 4n]) expect(await n.batch(b)).toMatchObject({ proofCheckMs: expect.any(Number), proofCheckedWith: 4 })
    expect(await n.batch(5n)).toMatchObject({ proofCheckMs: null, proofCheckedWith: null })
  })

  it('catching up, checks the proofs of many verifyBatches calls in a few verifyAll calls of up to PROOFS_PER_CHECK proofs', async () => {
    const calls = PROOFS_PER_CHECK / 2 + 4
    const { l1 } = await pairsChain(calls)
    const { verifier, sizes, inner } = sizeRecorder()
    const n = node(l1, { verifier })
    await n.open()
    await n.syncToHead()
    expect(await n.status()).toMatchObject({ lastExecutedBatch: BigInt(2 * calls), lastConsolidatedBatch: BigInt(2 * calls), alarms: 0 })
    expect(sizes.length).toBeLessThan(calls)
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(2 * calls)
    // A group starts once it reaches the threshold; the last one when no call is left to join it.
    expect(sizes).toEqual([PROOFS_PER_CHECK, 2 * calls - PROOFS_PER_CHECK])
    expect(inner.single).toBe(0)
    for (let b = 1; b <= 2 * calls; b++) {
      expect(await n.batch(BigInt(b))).toMatchObject({ status: 'consolidated', proofCheckedWith: b <= PROOFS_PER_CHECK ? PROOFS_PER_CHECK : 2 * calls - PROOFS_PER_CHECK })
    }
  })

  it('groups calls whose batches an earlier step re-executed (a step that only verifies)', async () => {
    const { l1, seq } = await sixBatches()
    seq.post(1, 6)
    // The first step ends at the sequenceBatches call; the second holds only the three verifyBatches calls.
    const maxBlocksPerStep = Number(l1.headNumber - DEPLOY_BLOCK + 1n)
    for (let i = 0; i < 3; i++) seq.prove(2)
    expect(maxBlocksPerStep).toBeGreaterThanOrEqual(3)
    const { verifier, sizes } = sizeRecorder()
    const n = node(l1, { verifier, maxBlocksPerStep })
    await n.open()
    expect(await n.step()).toMatchObject({ kind: 'synced' })
    expect(await n.status()).toMatchObject({ lastExecutedBatch: 6n, lastVerifiedBatch: 0n })
    await n.syncToHead()
    expect(await n.status()).toMatchObject({ lastConsolidatedBatch: 6n, alarms: 0 })
    expect(sizes).toEqual([6])
  })

  it('a call held back for later calls that can never join is checked when verify reaches it, still with the calls ready with it', async () => {
    const { l1 } = await pairsChain(3)
    // The third call claims batches L1 never sequenced: it never becomes ready.
    l1.tamper.verified = (call) => (call.firstBatch === 5n ? { ...call, lastBatch: 99n } : call)
    const { verifier, sizes } = sizeRecorder()
    const n = node(l1, { verifier })
    await n.open()
    await n.syncToHead()
    expect(sizes).toEqual([4])
    for (const b of [1n, 2n, 3n, 4n]) expect(await n.batch(b)).toMatchObject({ status: 'consolidated', proofCheckedWith: 4 })
    expect((await n.alarms()).map((alarm) => [alarm.kind, alarm.batchNumber])).toEqual([['l1-data-inconsistent', 5n]])
    expect(await n.status()).toMatchObject({ lastConsolidatedBatch: 4n, halted: true })
  })

  it('records how long each proof check took, one by one without verifyAll', async () => {
    const { l1 } = await honestChain()
    const n = node(l1, { verifier: new TestVerifier(false) })
    await n.open()
    await n.syncToHead()
    for (const b of [1n, 2n, 3n, 4n]) {
      const meta = await n.batch(b)
      expect(meta).toMatchObject({ proofCheckedWith: 1 })
      expect(meta!.proofCheckMs).toBeGreaterThanOrEqual(0)
    }
  })

  it('refuses a database of another deployment', async () => {
    const { l1 } = await honestChain()
    const store = new MemoryStore()
    await node(l1, { store }).open()
    const other = new LightNode({ store, l1, verifier: new TestVerifier(), config: { ...config, chainId: 1n } })
    await expect(other.open()).rejects.toThrow(DeploymentMismatchError)
  })
})

describe('LightNode: claim proofs', () => {
  it('builds Bridge.claim arguments from local state for a consolidated batch, and refuses otherwise', async () => {
    const { l1, seq } = await honestChain()
    const n = node(l1)
    await n.open()
    await n.syncToHead()
    const claim = await n.claimProof(3n, 0)
    expect(claim).toMatchObject({ batchNumber: 3n, slotIndex: 0, recipient: bigintToAddress(testAddress(2)), amount: 50n })
    expect(verifyExitProof(seq.results[2]!.exitRoot, 0, { address: testAddress(2), amount: 50n }, claim.siblings)).toBe(true)
    await expect(n.claimProof(3n, 1)).rejects.toThrow(ClaimNotAvailableError)
    await n.noteTrustedBatch({ batchNumber: 3n, record: seq.results[1]!.record })
    await expect(n.claimProof(3n, 0)).rejects.toThrow(/alarm, not consolidated/)
  })
})

describe('LightNode: checkpoints', () => {
  it('resumes where it stopped when the tab is closed mid-sync (same IndexedDB database reopened)', async () => {
    const { l1, seq } = await honestChain()
    const name = `resume-${Math.random()}`
    const firstTab = await openNodeStore(name)
    const first = node(l1, { store: firstTab, maxBlocksPerStep: 3 })
    await first.open()
    await first.syncToHead(2)
    const stoppedAt = await first.status()
    expect(stoppedAt.syncedBlock).toBe(DEPLOY_BLOCK + 5n)
    expect(stoppedAt.lastSequencedBatch).toBeGreaterThan(0n)
    firstTab.close()

    const secondTab = await openNodeStore(name)
    const reads = l1.reads
    const second = node(l1, { store: secondTab, maxBlocksPerStep: 3 })
    await second.open()
    // The reopened node continues from the checkpoint, not from genesis.
    expect((await second.checkpoint()).syncedBlock).toBe(stoppedAt.syncedBlock)
    const first1 = await second.step()
    expect(first1).toEqual({ kind: 'synced', toBlock: stoppedAt.syncedBlock + 3n })
    await second.syncToHead()
    expect(l1.reads).toBeGreaterThan(reads)
    const resumed = await second.status()
    const reference = node(l1)
    await reference.open()
    await reference.syncToHead()
    expect(resumed).toEqual(await reference.status())
    expect(resumed.virtualStateRoot).toBe(seq.results[4]!.newStateRoot)
    secondTab.close()
  })
})

describe('LightNode: reorgs', () => {
  it('rewinds to the fork point and follows the new chain', async () => {
    const l1 = new FakeL1()
    const seq = new TestSequencer(l1)
    await seq.build([{ kind: 'priority', op: deposit(1, 1000n, 1) }])
    seq.post(1, 1)
    seq.prove(1)
    const alternative = await seq.fork()
    const forkPoint = l1.headNumber
    await seq.build([{ kind: 'priority', op: deposit(2, 5n) }])
    seq.post(2, 1)
    seq.prove(1)
    const n = node(l1, { maxBlocksPerStep: 2 })
    await n.open()
    await n.syncToHead()
    expect((await n.status()).lastConsolidatedBatch).toBe(2n)
    expect((await n.account(2)).account.balance).toBe(5n)

    l1.reorg(forkPoint)
    await alternative.build([{ kind: 'priority', op: deposit(3, 9n) }, { kind: 'l2', tx: transfer(1, 3, 10n, 0n, 0n) }])
    alternative.post(2, 1)
    l1.mineEmpty(3)
    await n.syncToHead()
    const status = await n.status()
    expect(status.reorgs).toBe(1)
    expect(status).toMatchObject({ lastSequencedBatch: 2n, lastExecutedBatch: 2n, lastVerifiedBatch: 1n, lastConsolidatedBatch: 1n, alarms: 0 })
    expect(status.virtualStateRoot).toBe(alternative.results[1]!.newStateRoot)
    expect((await n.account(2)).account.balance).toBe(0n)
    expect(await n.account(3)).toMatchObject({ state: 'virtual', account: { balance: 19n } })
    expect(await n.batchState(2n)).toBe('virtual')

    const fresh = node(l1)
    await fresh.open()
    await fresh.syncToHead()
    expect({ ...status, reorgs: 0 }).toEqual(await fresh.status())
  })
})

describe('LightNode: consistent reads', () => {
  it('refuses events from another fork than the anchored block (an inconsistent endpoint): nothing is committed, the round gives up with L1ReadError', async () => {
    const { l1 } = await honestChain()
    l1.tamper.sequenced = (call) => (call.firstBatch === 1n ? { ...call, block: { ...call.block, hash: `0x${'ab'.repeat(32)}` } } : call)
    const n = node(l1)
    await n.open()
    expect(await n.step()).toMatchObject({ kind: 'retry' })
    expect((await n.checkpoint()).stepSeq).toBe(0)
    await expect(n.syncToHead()).rejects.toThrow(L1ReadError)
    l1.tamper = {}
    await n.syncToHead()
    expect((await n.status()).lastConsolidatedBatch).toBe(4n)
  })
})

describe('LightNode: account versions', () => {
  /** Eight transfer batches from account 1 to 2, all sequenced before L1 verifies the first three. */
  async function laggingChain() {
    const l1 = new FakeL1()
    const seq = new TestSequencer(l1)
    await seq.build([{ kind: 'priority', op: deposit(1, 1000n, 1) }, { kind: 'priority', op: deposit(2, 0n, 2) }])
    for (let nonce = 0n; nonce < 8n; nonce++) await seq.build([{ kind: 'l2', tx: transfer(1, 2, 10n, 0n, nonce) }])
    seq.post(1, 9)
    seq.prove(4)
    return { l1, seq }
  }

  for (const maxBlocksPerStep of [500, 1]) {
    it(`answers consolidated reads from the version of the last verified batch (${maxBlocksPerStep === 1 ? 'a step per block' : 'one step'})`, async () => {
      const { l1, seq } = await laggingChain()
      const store = new MemoryStore()
      const n = node(l1, { store, maxBlocksPerStep })
      await n.open()
      await n.syncToHead()
      expect(await n.status()).toMatchObject({ lastExecutedBatch: 9n, lastConsolidatedBatch: 4n })
      // Batch 4 is the third transfer: 30 moved; the virtual state has all eight (80).
      expect(await n.accountAt(2, 'consolidated')).toMatchObject({ asOfBatch: 4n, account: { balance: 30n } })
      expect(await n.accountAt(2, 'virtual')).toMatchObject({ asOfBatch: 9n, account: { balance: 80n } })
      expect(await n.accountAt(1, 'consolidated')).toMatchObject({ account: { balance: 970n, nonce: 3n } })

      seq.prove(5)
      await n.syncToHead()
      expect(await n.accountAt(2, 'consolidated')).toMatchObject({ asOfBatch: 9n, account: { balance: 80n } })
      // Once everything is consolidated only the newest version is kept.
      l1.mineEmpty(1)
      await seq.build([{ kind: 'l2', tx: transfer(1, 2, 1n, 0n, 8n) }])
      seq.post(10, 1)
      await n.syncToHead()
      const history = (await store.get('history/2')) ?? new Uint8Array()
      expect(new TextDecoder().decode(history).match(/"batch"/g)).toHaveLength(2)
      expect(await n.accountAt(2, 'consolidated')).toMatchObject({ asOfBatch: 9n, account: { balance: 80n } })
      expect(await n.accountAt(2, 'virtual')).toMatchObject({ asOfBatch: 10n, account: { balance: 81n } })
    })
  }
})

describe('LightNode: undo history', () => {
  it('keeps only retainSteps undo logs: a reorg deeper than that is ReorgBeyondHistoryError, not a silent wrong state', async () => {
    const { l1 } = await honestChain()
    const store = new MemoryStore()
    const n = new LightNode({ store, l1, verifier: new TestVerifier(), config, maxBlocksPerStep: 2, retainSteps: 2 })
    await n.open()
    await n.syncToHead()
    expect(store.keys().filter((key) => key.startsWith('step/'))).toHaveLength(2)
    l1.reorg(DEPLOY_BLOCK + 1n)
    l1.mineEmpty(20)
    await expect(n.syncToHead()).rejects.toThrow(ReorgBeyondHistoryError)
  })
})

describe('LightNode: alarms', () => {
  it('an L1 endpoint that alters a record is caught by the accumulated input hash, and nothing after it is verified', async () => {
    const { l1 } = await honestChain()
    l1.tamper.sequenced = (call) => {
      if (call.firstBatch !== 3n) return call
      const records = call.records.slice()
      // Bit 35 of the only slot: the withdrawal of 50 becomes a still valid withdrawal of 51.
      records[15] = records[15]! ^ 0x08
      return { ...call, records }
    }
    const n = node(l1)
    await n.open()
    await n.syncToHead()
    const alarms = await n.alarms()
    expect(alarms[0]).toMatchObject({ kind: 'l1-data-inconsistent', batchNumber: 3n })
    expect(alarms[0]!.message).toContain("L1's accumulated input hash")
    const status = await n.status()
    expect(status.lastConsolidatedBatch).toBe(2n)
    expect(status.lastExecutedBatch).toBe(2n)
    expect(status.halted).toBe(true)
    for (const batch of [3n, 4n, 5n]) expect(await n.batchState(batch)).not.toBe('consolidated')
  })

  it('an L1 endpoint that alters a proof is caught: proof-invalid, the batch is never consolidated', async () => {
    const { l1 } = await honestChain()
    l1.tamper.verified = (call) =>
      call.firstBatch !== 3n ? call : { ...call, proofs: call.proofs.map((p, i) => (i === 1 ? { ...p, proof: [p.proof[0]! + 1n, ...p.proof.slice(1)] } : p)) }
    const n = node(l1)
    await n.open()
    await n.syncToHead()
    const alarms = await n.alarms()
    expect(alarms.map((alarm) => [alarm.kind, alarm.batchNumber])).toEqual([['proof-invalid', 4n]])
    expect(await n.batchState(3n)).toBe('consolidated')
    expect(await n.batchState(4n)).toBe('alarm')
    expect((await n.status()).lastConsolidatedBatch).toBe(3n)
  })

  it('a corrupted proof in the middle call of a group: the group check fails, one by one names its batch alone', async () => {
    const { l1 } = await pairsChain(3, (call, proofs) => (call !== 1 ? proofs : proofs.map((p, i) => (i === 0 ? { ...p, proof: [p.proof[0]! + 1n, ...p.proof.slice(1)] } : p))))
    const { verifier, sizes, inner } = sizeRecorder()
    const n = node(l1, { verifier })
    await n.open()
    await n.syncToHead()
    expect(sizes).toEqual([6])
    expect(inner.single).toBe(6)
    expect((await n.alarms()).map((alarm) => [alarm.kind, alarm.batchNumber])).toEqual([['proof-invalid', 3n]])
    expect(await n.batchState(3n)).toBe('alarm')
    for (const b of [1n, 2n, 4n, 5n, 6n]) expect(await n.batch(b)).toMatchObject({ status: 'consolidated', proofCheckedWith: 1 })
    // Consolidation stops before the batch with the alarm.
    expect((await n.status()).lastConsolidatedBatch).toBe(2n)
  })

  it('a corrupted proof posted on L1 is rejected (verified one by one without verifyAll)', async () => {
    const l1 = new FakeL1()
    const seq = new TestSequencer(l1)
    await seq.build([{ kind: 'priority', op: deposit(1, 1n) }])
    seq.post(1, 1)
    seq.prove(1, (proofs) => proofs.map((p) => ({ ...p, proof: [...p.proof.slice(0, 7), 99n] })))
    const n = node(l1, { verifier: new TestVerifier(false) })
    await n.open()
    await n.syncToHead()
    expect((await n.alarms()).map((alarm) => alarm.kind)).toEqual(['proof-invalid'])
    expect(await n.batchState(1n)).toBe('alarm')
    expect((await n.status()).lastConsolidatedBatch).toBe(0n)
  })

  it('L1 roots that differ from the re-execution raise l1-roots-differ, even with a proof of those roots', async () => {
    const l1 = new FakeL1()
    const seq = new TestSequencer(l1)
    const result = await seq.build([{ kind: 'priority', op: deposit(1, 1n) }])
    seq.post(1, 1)
    seq.prove(1, (proofs) => proofs.map((p) => ({ ...p, newStateRoot: p.newStateRoot + 1n })))
    const n = node(l1)
    await n.open()
    await n.syncToHead()
    expect((await n.alarms()).map((alarm) => alarm.kind)).toEqual(['l1-roots-differ'])
    expect(await n.batchState(1n)).toBe('alarm')
    expect((await n.status()).virtualStateRoot).toBe(result.newStateRoot)
  })

  it('a verifier that throws (malformed proof) is a proof-invalid alarm carrying the typed error', async () => {
    const { l1 } = await honestChain()
    const verifier: ProofVerifier = {
      async verify() {
        throw new InsufficientBalanceError({ accountIndex: 1, balance: 0n, required: 1n })
      },
    }
    const n = node(l1, { verifier })
    await n.open()
    await n.syncToHead()
    const alarms = await n.alarms()
    expect(alarms.every((alarm) => alarm.kind === 'proof-invalid')).toBe(true)
    expect(deserializeNodeError(alarms[0]!.error!)).toBeInstanceOf(InsufficientBalanceError)
    expect((await n.status()).lastConsolidatedBatch).toBe(0n)
  })

  it('a sequenced batch that breaks a rule raises reexecution-diverged and halts execution; it is never consolidated', async () => {
    const l1 = new FakeL1()
    const seq = new TestSequencer(l1)
    await seq.build([{ kind: 'priority', op: deposit(1, 10n, 1) }, { kind: 'priority', op: deposit(2, 0n, 2) }])
    seq.post(1, 1)
    // The contract's stateless checks pass, but account 1 cannot pay 11 gwei.
    const bad = new Uint8Array([0, 0, 1, ...packed(TxType.TRANSFER, 1, 2, 11n, 0n)])
    const call = l1.sequence([bad], await firstAcc(l1), 2n)
    expect(call.lastBatch).toBe(2n)
    l1.verify(2n, [bad], [{ newStateRoot: 1n, exitRoot: 1n, proof: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n] }])
    const n = node(l1)
    await n.open()
    await n.syncToHead()
    const alarms = await n.alarms()
    expect(alarms[0]).toMatchObject({ kind: 'reexecution-diverged', batchNumber: 2n })
    expect(deserializeNodeError(alarms[0]!.error!)).toBeInstanceOf(InsufficientBalanceError)
    const status = await n.status()
    expect(status).toMatchObject({ halted: true, lastExecutedBatch: 1n, lastConsolidatedBatch: 0n })
    expect(await n.batchState(2n)).toBe('alarm')
  })

  it('a relay whose trusted batch is not what L1 sequenced raises relay-disagrees, before or after L1 has it', async () => {
    const { l1, seq } = await honestChain()
    const n = node(l1)
    await n.open()
    const lie = seq.results[1]!.record.slice()
    lie[lie.length - 1] = lie[lie.length - 1]! ^ 1
    await n.noteTrustedBatch({ batchNumber: 2n, record: lie })
    await n.noteTrustedBatch({ batchNumber: 3n, record: seq.results[2]!.record })
    expect(await n.batchState(2n)).toBe('trusted')
    await n.syncToHead()
    expect((await n.alarms()).map((alarm) => [alarm.kind, alarm.batchNumber])).toEqual([['relay-disagrees', 2n]])
    expect(await n.batchState(2n)).toBe('alarm')
    expect(await n.batchState(3n)).toBe('consolidated')
    // Batch 1 and 2 are verified on L1, but 2 has an alarm: consolidation stops at 1.
    expect((await n.status()).lastConsolidatedBatch).toBe(1n)

    await n.noteTrustedBatch({ batchNumber: 5n, record: lie })
    expect((await n.alarms()).map((alarm) => [alarm.kind, alarm.batchNumber])).toEqual([
      ['relay-disagrees', 2n],
      ['relay-disagrees', 5n],
    ])
    expect(await n.batchState(5n)).toBe('alarm')
  })

  it('an L1 endpoint reporting verified records that are not the sequenced ones is l1-data-inconsistent', async () => {
    const { l1 } = await honestChain()
    l1.tamper.verified = (call) => (call.firstBatch !== 1n ? call : { ...call, records: call.records.slice(0, -1) })
    const n = node(l1)
    await n.open()
    await n.syncToHead()
    expect((await n.alarms())[0]).toMatchObject({ kind: 'l1-data-inconsistent', batchNumber: 1n })
    expect((await n.status()).lastConsolidatedBatch).toBe(0n)
  })
})

describe('LightNode: genesis', () => {
  it('starts at the empty tree and the deployment block', async () => {
    const l1 = new FakeL1()
    const n = node(l1)
    await n.open()
    expect(await n.step()).toEqual({ kind: 'at-head' })
    expect(await n.status()).toMatchObject({ syncedBlock: DEPLOY_BLOCK - 1n, virtualStateRoot: emptyStateRoot(), consolidatedStateRoot: emptyStateRoot() })
  })
})

/** Six batches built on the fake chain (two deposits, then five transfers of 10), none posted yet. */
async function sixBatches() {
  const l1 = new FakeL1()
  const seq = new TestSequencer(l1)
  await seq.build([{ kind: 'priority', op: deposit(1, 1000n, 1) }, { kind: 'priority', op: deposit(2, 0n, 2) }])
  for (let nonce = 0n; nonce < 5n; nonce++) await seq.build([{ kind: 'l2', tx: transfer(1, 2, 10n, 0n, nonce) }])
  return { l1, seq }
}

/** `calls` sequenceBatches calls of two batches (deposits, then transfers), each followed by a verifyBatches call of its two proofs. */
async function pairsChain(calls: number, edit?: (call: number, proofs: L1BatchProof[]) => L1BatchProof[]) {
  const l1 = new FakeL1()
  const seq = new TestSequencer(l1)
  await seq.build([{ kind: 'priority', op: deposit(1, 1000n, 1) }, { kind: 'priority', op: deposit(2, 0n, 2) }])
  for (let nonce = 0n; nonce < BigInt(2 * calls - 1); nonce++) await seq.build([{ kind: 'l2', tx: transfer(1, 2, 1n, 0n, nonce) }])
  for (let call = 0; call < calls; call++) {
    seq.post(2 * call + 1, 2)
    seq.prove(2, edit === undefined ? undefined : (proofs) => edit(call, proofs))
  }
  return { l1, seq }
}

/** A TestVerifier whose verifyAll calls are recorded by size. */
function sizeRecorder() {
  const inner = new TestVerifier(true)
  const sizes: number[] = []
  const verifier: ProofVerifier = {
    verify: (check) => inner.verify(check),
    verifyAll: (checks) => {
      sizes.push(checks.length)
      return inner.verifyAll!(checks)
    },
  }
  return { verifier, sizes, inner }
}

function packed(type: number, from: number, to: number, amount: bigint, fee: bigint): number[] {
  const value = BigInt(type) + (BigInt(from) << 3n) + (BigInt(to) << 19n) + (amount << 35n) + (fee << 99n)
  return [...Array(17).keys()].map((i) => Number((value >> BigInt(8 * (16 - i))) & 0xffn))
}

async function firstAcc(l1: FakeL1) {
  const [call] = await l1.sequencedBatches(0n, l1.headNumber)
  return call!.accInputHash
}
