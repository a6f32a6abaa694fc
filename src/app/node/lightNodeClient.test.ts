import { describe, expect, it } from 'vitest'
import type { LightNodeClient } from '../../node/connectLightNode'
import type { NodeWorkerStatus } from '../../../workers/node/nodeApi'
import type { BatchMeta, StoredOp } from '../../../workers/node/nodeRecords'
import type { AccountState, SettledState } from '../../../workers/node/lightNode'
import { ClaimNotAvailableError } from '../../../workers/errors'
import { encodeBatchRecord } from '../../protocol/batch/encodeBatchRecord'
import { TxType } from '../../protocol/constants'
import { packTx } from '../../protocol/tx/packTx'
import { NodeFeatureUnavailableError } from './errors'
import { createLightNodeClient } from './lightNodeClient'

const ALICE = 0x00000000000000000000000000000000000a11cen
const ALICE_HEX = '0x00000000000000000000000000000000000A11ce' as const
const BOB = 0x0000000000000000000000000000000000000b0bn

function storedOp(opIndex: bigint, accountIndex: number, l1Address: bigint, amountGwei: bigint): StoredOp {
  return {
    opIndex,
    op: { opType: TxType.DEPOSIT, accountIndex, l1Address, amount: amountGwei, pubAx: 0n, pubAy: 0n },
    opHash: '0x00',
    deadline: 500n + opIndex,
    block: { number: 40n + opIndex, hash: '0x01' },
  }
}

const record = encodeBatchRecord({
  feeAccountIndex: 0,
  slots: [packTx({ type: TxType.TRANSFER, fromIndex: 1, toIndex: 2, amount: 3n, fee: 1n }), packTx({ type: TxType.NOOP, fromIndex: 0, toIndex: 0, amount: 0n, fee: 0n })],
  opData: [],
})

function batchMeta(n: bigint, verified: boolean): BatchMeta {
  return {
    batchNumber: n,
    record,
    sequencedIn: { block: { number: 100n + n, hash: '0x02' }, txHash: '0x03' },
    accInputHash: '0x04',
    status: verified ? 'consolidated' : 'virtual',
    oldStateRoot: 10n * n,
    newStateRoot: 10n * n + 1n,
    exitRoot: 77n,
    exits: null,
    verifiedIn: verified ? { block: { number: 200n + n, hash: '0x05' }, txHash: '0x06', newStateRoot: 10n * n + 1n, exitRoot: 77n } : null,
    alarms: [],
  }
}

/** A LightNodeClient over fixed data: two deposits (Bob's, then Alice's), batches 1 (consolidated) and 2 (virtual). */
function fakeLight(overrides: Partial<{ accountState: SettledState; executed: bigint }> = {}) {
  const ops = [storedOp(0n, 1, BOB, 5n), storedOp(1n, 2, ALICE, 2_000_000_000n)]
  const status: NodeWorkerStatus = {
    syncedBlock: 123n,
    lastSequencedBatch: 2n,
    lastExecutedBatch: overrides.executed ?? 2n,
    lastVerifiedBatch: 1n,
    lastConsolidatedBatch: 1n,
    virtualStateRoot: 21n,
    consolidatedStateRoot: 11n,
    halted: false,
    alarms: 1,
    reorgs: 0,
    running: true,
    storage: { usage: 4096, quota: 1 << 30, persisted: true },
    lastError: { name: 'L1ReadError', code: 'L1_READ', shortMessage: 'L1 did not answer.', message: 'L1 did not answer.' },
  }
  const calls: string[] = []
  const light: LightNodeClient = {
    role: () => 'leader',
    status: async () => status,
    syncNow: async () => {},
    account: async (index): Promise<AccountState> => ({
      index,
      account: { address: index === 2 ? ALICE : BOB, balance: 2_000_000_000n, nonce: 3n, pubAx: 0n, pubAy: 0n },
      state: overrides.accountState ?? 'virtual',
      lastTouchedBatch: 2n,
    }),
    batch: async (n) => (n === 1n ? batchMeta(1n, true) : n === 2n ? batchMeta(2n, false) : undefined),
    batchState: async (n) => (n === 1n ? 'consolidated' : n === 2n ? 'virtual' : 'unknown'),
    priorityOp: async (i) => {
      calls.push(`op ${i}`)
      return ops[Number(i)]
    },
    alarms: async () => [{ id: 1, kind: 'proof-invalid', batchNumber: 2n, message: 'The proof of batch 2 does not verify.', error: null, l1Block: 120n }],
    claimProof: async (n, slot) => {
      if (n !== 1n) throw new ClaimNotAvailableError({ batchNumber: n, slot, reason: 'the batch is virtual, not consolidated' })
      return { batchNumber: n, slotIndex: slot, recipient: '0x00000000000000000000000000000000000a11ce', amount: 9n, siblings: [5n, 6n] }
    },
    escapeProof: async (index) => ({ accountIndex: index, owner: '0x00000000000000000000000000000000000a11ce', balance: 7n, nonce: 1n, pubAx: 3n, pubAy: 4n, siblings: Array.from({ length: 16 }, (_, i) => BigInt(i)), stateRoot: 11n }),
    accountIndexOf: async (address) => (address === BigInt(ALICE) ? 2 : address === BigInt(BOB) ? 3 : undefined),
    accountAt: async () => {
      throw new Error('not used by these tests')
    },
    noteTrustedBatch: async () => {},
    subscribe: () => () => {},
    close: async () => {},
  }
  return { light, calls, ops }
}

describe('createLightNodeClient', () => {
  it('reports the node status in the app’s terms: synced L1 block, re-executed and consolidated batches, alarms and the last error in words', async () => {
    const { light } = fakeLight()
    const status = await createLightNodeClient(light).status()
    expect(status).toMatchObject({
      running: true,
      syncedL1Block: 123n,
      lastSyncedBatch: 2,
      lastVerifiedBatch: 1,
      lastTrustedBatch: null,
      storageBytes: 4096,
      frozen: null,
      lastError: 'L1 did not answer.',
    })
    expect(status.alarms).toEqual([{ id: 'alarm-1', severity: 'critical', message: 'The proof of batch 2 does not verify.', sinceL1Block: 120n }])
  })

  it('measures the sync speed from the batches re-executed between two status reads', async () => {
    let executed = 2n
    let at = 0
    const { light } = fakeLight()
    const base = light.status
    light.status = async () => ({ ...(await base()), lastExecutedBatch: executed })
    const client = createLightNodeClient(light, { now: () => at })
    expect((await client.status()).syncBatchesPerMinute).toBe(0)
    executed = 5n
    at = 30_000
    expect((await client.status()).syncBatchesPerMinute).toBe(6)
  })

  it('finds an account by its L1 address through the priority ops and gives per-level balances, unknown where the node cannot know', async () => {
    const { light, calls } = fakeLight()
    const client = createLightNodeClient(light)
    const view = await client.account(ALICE_HEX)
    expect(view).toEqual({
      accountIndex: 2,
      address: ALICE_HEX.toLowerCase(),
      pubKey: null,
      balance: { trusted: null, virtual: 2_000_000_000n * 10n ** 9n, consolidated: null },
      nonce: { trusted: null, virtual: 3, consolidated: null },
      state: 'virtual',
    })
    // The ops already scanned are not read again.
    calls.length = 0
    await client.account(ALICE_HEX)
    expect(calls).toEqual(['op 2'])
    expect(await client.account('0x000000000000000000000000000000000000dead')).toBeNull()
  })

  it('asks the node for the escape proof of the address’s own account index, null for an address without one', async () => {
    const { light } = fakeLight()
    const client = createLightNodeClient(light)
    expect(await client.escapeProof(ALICE_HEX)).toMatchObject({ accountIndex: 2, balanceGwei: 7n, stateRoot: 11n })
    expect(await client.escapeProof('0x000000000000000000000000000000000000dead')).toBeNull()
  })

  it('gives the consolidated balance when the account’s latest change is consolidated', async () => {
    const { light } = fakeLight({ accountState: 'consolidated' })
    const view = await createLightNodeClient(light).account(ALICE_HEX)
    expect(view?.balance.consolidated).toBe(2_000_000_000n * 10n ** 9n)
    expect(view?.nonce.consolidated).toBe(3)
  })

  it('lists batches newest first with state, roots and decoded transactions', async () => {
    const { light } = fakeLight()
    const batches = await createLightNodeClient(light).batches({ limit: 10 })
    expect(batches.map((b) => [b.batchNumber, b.state, b.sequencedAtL1Block, b.verifiedAtL1Block])).toEqual([
      [2, 'virtual', 102n, undefined],
      [1, 'consolidated', 101n, 201n],
    ])
    expect(batches[1]).toMatchObject({ oldStateRoot: 10n, newStateRoot: 11n, exitRoot: 77n })
    expect(batches[0]!.txs).toEqual([{ slot: 0, type: 'TRANSFER', fromIndex: 1, toIndex: 2, amountWei: 3n * 10n ** 9n, feeWei: 10n ** 9n }])
    expect(batches[0]!.verifiedHereMs).toBeUndefined()
    expect((await createLightNodeClient(light).batches({ fromBatch: 1, limit: 10 })).map((b) => b.batchNumber)).toEqual([1])
  })

  it('reports a priority op once the node stored it, and null before', async () => {
    const { light } = fakeLight()
    const client = createLightNodeClient(light)
    expect(await client.priorityOp(1)).toEqual({
      opIndex: 1,
      queued: { l1Block: 41n, accountIndex: 2, l1Address: ALICE_HEX.toLowerCase(), amountWei: 2n * 10n ** 18n, deadlineL1Block: 501n },
    })
    expect(await client.priorityOp(2)).toBeNull()
  })

  it('finds the batch that consumed an op by counting priority slots in queue order, and marks it verified here only once that batch is consolidated', async () => {
    const { light } = fakeLight()
    const deposit = (accountIndex: number) => packTx({ type: TxType.DEPOSIT, fromIndex: accountIndex, toIndex: 0, amount: 5n, fee: 0n })
    const op = { l1Address: BOB, pubAx: 0n, pubAy: 0n }
    // Batch 1 consumed op 0 (and carries a transfer); batch 2 consumed op 1.
    const records = [
      encodeBatchRecord({ feeAccountIndex: 0, slots: [packTx({ type: TxType.TRANSFER, fromIndex: 1, toIndex: 2, amount: 3n, fee: 1n }), deposit(1)], opData: [op] }),
      encodeBatchRecord({ feeAccountIndex: 0, slots: [deposit(2)], opData: [op] }),
    ]
    const batch = light.batch
    light.batch = async (n) => {
      const meta = await batch(n)
      return meta && { ...meta, record: records[Number(n) - 1]! }
    }
    let t = 1000
    const client = createLightNodeClient(light, { now: () => t++ })
    expect(await client.priorityOp(0)).toMatchObject({ batchNumber: 1, virtualAt: 1000, provenAt: 1001, verifiedHereAt: 1001 })
    const second = await client.priorityOp(1)
    expect(second).toMatchObject({ batchNumber: 2, virtualAt: 1002 })
    expect(second?.verifiedHereAt).toBeUndefined()
    // The times are when this page first saw each step, not re-stamped on every read.
    expect(await client.priorityOp(0)).toMatchObject({ virtualAt: 1000, verifiedHereAt: 1001 })
  })

  it('builds a claim from the node’s local state with the exit root L1 verified, and passes the node’s refusal on', async () => {
    const { light } = fakeLight()
    const client = createLightNodeClient(light)
    expect(await client.buildClaimProof(1, 0)).toEqual({
      batchNumber: 1,
      slotIndex: 0,
      recipient: '0x00000000000000000000000000000000000a11ce',
      amountGwei: 9n,
      siblings: [5n, 6n],
      exitRoot: 77n,
    })
    await expect(client.buildClaimProof(2, 0)).rejects.toBeInstanceOf(ClaimNotAvailableError)
  })

  it('rejects re-verifying and proving here with NodeFeatureUnavailableError when started without the prover worker', async () => {
    const { light } = fakeLight()
    const client = createLightNodeClient(light)
    for (const call of [client.reverifyBatch(1), client.proveBatchHere(1, () => {})]) {
      await expect(call).rejects.toBeInstanceOf(NodeFeatureUnavailableError)
    }
  })
})
