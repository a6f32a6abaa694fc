// The app's NodeClient over the in-browser light node (src/node/connectLightNode). Everything the
// screens read comes from the node's own L1 sync and re-execution; re-verifying and proving here
// need the prover worker, and without it reject with NodeFeatureUnavailableError so the screen
// says so instead of faking a result.
import type { LightNodeClient } from '../../node/connectLightNode'
import type { NodeWorkerStatus } from '../../../workers/node/nodeApi'
import type { Alarm } from '../../../workers/node/alarms'
import type { BatchMeta } from '../../../workers/node/nodeRecords'
import type { SettledState } from '../../../workers/node/lightNode'
import type { BatchProving } from '../../../workers/prover/batchProving'
import { decodeBatchRecord } from '../../protocol/batch/decodeBatchRecords'
import { GWEI } from '../../protocol/constants'
import { bigintToAddress } from '../../protocol/field'
import { unpackTx } from '../../protocol/tx/packTx'
import { NodeFeatureUnavailableError } from './errors'
import type { AccountView, BatchTxView, BatchView, ClaimProof, NodeAlarm, NodeClient, NodeStatus, PriorityOpProgress } from './NodeClient'

const TX_TYPES: readonly BatchTxView['type'][] = ['NOOP', 'TRANSFER', 'WITHDRAW', 'DEPOSIT', 'REGISTER_KEY', 'FORCED_EXIT']
const PRIORITY_TYPES: ReadonlySet<BatchTxView['type']> = new Set(['DEPOSIT', 'REGISTER_KEY', 'FORCED_EXIT'])

/** The window over which the sync speed is measured. */
const SPEED_WINDOW_MS = 60_000

/** The NodeClient the screens use, plus `close()` to stop this tab's part of the node. */
export type LightNodeAppClient = NodeClient & { close(): Promise<void> }

/** Wraps a connected light node as the app's NodeClient (see the module comment). */
export function createLightNodeClient(light: LightNodeClient, options: { now?: () => number; proving?: BatchProving } = {}): LightNodeAppClient {
  const now = options.now ?? Date.now
  const samples: { at: number; executed: bigint }[] = []
  // Account indexes are assigned on L1 per address and announced by the priority ops (§2.2):
  // the node's stored ops are scanned once, then only the new ones.
  const indexOf = new Map<string, number>()
  let nextOp = 0n

  const sample = (executed: bigint): number => {
    const at = now()
    samples.push({ at, executed })
    while (samples.length > 1 && at - samples[0]!.at > SPEED_WINDOW_MS) samples.shift()
    const first = samples[0]!
    const elapsed = at - first.at
    return elapsed <= 0 ? 0 : (Number(executed - first.executed) * 60_000) / elapsed
  }

  const findIndex = async (address: `0x${string}`): Promise<number | undefined> => {
    for (;;) {
      const stored = await light.priorityOp(nextOp)
      if (stored === undefined) break
      const owner = bigintToAddress(stored.op.l1Address)
      if (!indexOf.has(owner)) indexOf.set(owner, stored.op.accountIndex)
      nextOp++
    }
    return indexOf.get(address.toLowerCase())
  }

  // Which batch consumed each priority op: L1 ops are consumed in queue order, one priority slot
  // each (§5.3), so batch n consumed ops [opsEnd[n-1], opsEnd[n]). Sequenced records never change
  // (a reorg rewinds the node, and a page reload rebuilds this cache).
  const opsEnd: bigint[] = [0n]
  const batchOfOp = async (opIndex: number): Promise<bigint | undefined> => {
    for (let n = 1; ; n++) {
      if (opsEnd[n] === undefined) {
        const meta = await light.batch(BigInt(n))
        if (meta === undefined) return undefined
        opsEnd[n] = opsEnd[n - 1]! + BigInt(decodeTxs(meta.record).filter((tx) => PRIORITY_TYPES.has(tx.type)).length)
      }
      if (opsEnd[n]! > BigInt(opIndex)) return BigInt(n)
    }
  }
  // When this page first saw a step (the node keeps L1 blocks, not wall-clock times).
  const firstSeen = new Map<string, number>()
  const seenAt = (key: string): number => {
    let at = firstSeen.get(key)
    if (at === undefined) firstSeen.set(key, (at = now()))
    return at
  }

  // Rejects (never throws synchronously), like every other NodeClient method.
  const unavailable = async (feature: string, reason: string): Promise<never> => {
    throw new NodeFeatureUnavailableError({ feature, reason })
  }

  return {
    async status(): Promise<NodeStatus> {
      const [status, alarms] = await Promise.all([light.status(), light.alarms()])
      return toStatus(status, alarms, sample(status.lastExecutedBatch))
    },

    subscribe(listener) {
      return light.subscribe(() => listener())
    },

    async account(address) {
      const index = await findIndex(address)
      if (index === undefined) return null
      const { account, state } = await light.account(index)
      const balance = account.balance * GWEI
      const nonce = Number(account.nonce)
      const settled = state === 'consolidated'
      const hasKey = account.pubAx !== 0n || account.pubAy !== 0n
      return {
        accountIndex: index,
        address: address.toLowerCase() as `0x${string}`,
        pubKey: hasKey ? { pubAx: account.pubAx, pubAy: account.pubAy } : null,
        // The node keeps the virtual tree only: the consolidated value is known when the latest change is consolidated; the trusted one needs the relay.
        balance: { trusted: null, virtual: balance, consolidated: settled ? balance : null },
        nonce: { trusted: null, virtual: nonce, consolidated: settled ? nonce : null },
        state,
      } satisfies AccountView
    },

    async batches({ fromBatch, limit }) {
      const status = await light.status()
      const top = fromBatch !== undefined ? BigInt(fromBatch) : status.lastSequencedBatch
      const views: BatchView[] = []
      for (let n = top; n >= 1n && views.length < limit; n--) {
        const meta = await light.batch(n)
        if (meta === undefined) continue
        views.push(toBatchView(meta, await light.batchState(n)))
      }
      return views
    },

    async priorityOp(opIndex): Promise<PriorityOpProgress | null> {
      const stored = await light.priorityOp(BigInt(opIndex))
      if (stored === undefined) return null
      const progress: PriorityOpProgress = {
        opIndex,
        queued: {
          l1Block: stored.block.number,
          accountIndex: stored.op.accountIndex,
          l1Address: bigintToAddress(stored.op.l1Address),
          amountWei: stored.op.amount * GWEI,
          deadlineL1Block: stored.deadline,
        },
      }
      const batch = await batchOfOp(opIndex)
      if (batch === undefined) return progress
      progress.batchNumber = Number(batch)
      const state = await light.batchState(batch)
      if (state === 'virtual' || state === 'consolidated') progress.virtualAt = seenAt(`virtual:${opIndex}`)
      // Consolidated here = L1 verified the batch and this browser verified its proof and roots itself.
      if (state === 'consolidated') progress.provenAt = progress.verifiedHereAt = seenAt(`verified:${opIndex}`)
      return progress
    },

    async escapeProof(address) {
      const index = await findIndex(address)
      if (index === undefined) return null
      const proof = await light.escapeProof(index)
      return { accountIndex: index, owner: proof.owner, balanceGwei: proof.balance, nonce: proof.nonce, pubAx: proof.pubAx, pubAy: proof.pubAy, siblings: proof.siblings, stateRoot: proof.stateRoot }
    },

    async buildClaimProof(batchNumber, slotIndex): Promise<ClaimProof> {
      // claimProof rejects (ClaimNotAvailableError) unless the batch is consolidated here, i.e. its proof verified in this browser and L1's roots equal ours.
      const proof = await light.claimProof(BigInt(batchNumber), slotIndex)
      const meta = await light.batch(BigInt(batchNumber))
      if (meta?.verifiedIn == null || proof.siblings.length !== 2) {
        return unavailable('This claim', `Batch ${batchNumber} has no verified exit root on this node.`)
      }
      return {
        batchNumber,
        slotIndex,
        recipient: proof.recipient as `0x${string}`,
        amountGwei: proof.amount,
        siblings: [proof.siblings[0]!, proof.siblings[1]!],
        exitRoot: meta.verifiedIn.exitRoot,
      }
    },

    // Both start their worker on first use (workers/prover/batchProving.ts): the proof read again from L1 calldata, inputs from this node's re-execution.
    reverifyBatch: (n) =>
      options.proving ? options.proving.reverifyBatch(n) : unavailable(`Re-verifying batch ${n}`, 'This app was started without the verifier worker.'),
    proveBatchHere: (n, onProgress) =>
      options.proving ? options.proving.proveBatchHere(n, onProgress) : unavailable(`Proving batch ${n} in this browser`, 'This app was started without a relay to submit proofs to.'),

    close: () => light.close(),
  }
}


function toStatus(status: NodeWorkerStatus, alarms: readonly Alarm[], syncBatchesPerMinute: number): NodeStatus {
  const nodeAlarms: NodeAlarm[] = alarms.map((alarm) => ({ id: `alarm-${alarm.id}`, severity: 'critical', message: alarm.message, sinceL1Block: alarm.l1Block }))
  if (status.halted) {
    nodeAlarms.push({ id: 'halted', severity: 'critical', message: `Re-execution stopped after batch ${status.lastExecutedBatch}: later batches are recorded but not trusted until the alarm above is resolved.` })
  }
  return {
    running: status.running,
    syncedL1Block: status.syncedBlock,
    lastSyncedBatch: Number(status.lastExecutedBatch),
    lastVerifiedBatch: Number(status.lastConsolidatedBatch),
    lastTrustedBatch: status.lastTrustedBatch == null ? null : Number(status.lastTrustedBatch),
    syncBatchesPerMinute,
    storageBytes: status.storage.usage,
    // Connected once the relay's trusted-batch subscription delivered; a dropped or refused stream names its problem.
    relay: status.relayProblem == null && status.lastTrustedBatch != null ? 'connected' : 'disconnected',
    frozen: null,
    alarms: nodeAlarms,
    lastError: status.lastError === null ? null : status.lastError.shortMessage,
  }
}

function toBatchView(meta: BatchMeta, state: SettledState): BatchView {
  return {
    batchNumber: Number(meta.batchNumber),
    state: state === 'alarm' ? 'alarm' : state === 'unknown' ? 'unexecuted' : state,
    sequencedAtL1Block: meta.sequencedIn.block.number,
    verifiedAtL1Block: meta.verifiedIn?.block.number,
    oldStateRoot: meta.oldStateRoot,
    newStateRoot: meta.newStateRoot,
    exitRoot: meta.exitRoot,
    txs: decodeTxs(meta.record),
    ...(meta.proofCheckMs != null ? { verifiedHereMs: meta.proofCheckMs } : {}),
  }
}

function decodeTxs(record: Uint8Array): BatchTxView[] {
  // The record passed L1's stateless checks and this node's accumulated-hash check, so it decodes; a slot that does not unpack is shown as absent, not guessed.
  const txs: BatchTxView[] = []
  decodeBatchRecord(record).slots.forEach((packed, slot) => {
    let tx
    try {
      tx = unpackTx(packed)
    } catch {
      return
    }
    if (tx.type === 0) return
    txs.push({ slot, type: TX_TYPES[tx.type]!, fromIndex: tx.fromIndex, toIndex: tx.toIndex, amountWei: tx.amount * GWEI, feeWei: tx.fee * GWEI })
  })
  return txs
}
