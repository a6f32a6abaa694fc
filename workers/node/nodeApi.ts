/**
 * The typed command/response protocol of the node worker (spoken with comlink). Every method
 * resolves with structured-clone values (bigints and byte arrays included) or rejects with a
 * typed error rebuilt on the caller's side (registerErrorTransfer).
 */
import type { Deployment } from '../../src/l1/deployment.js'
import type { Account } from '../../src/protocol/account.js'
import type { SerializedError } from '../../src/protocol/errors.js'
import type { StorageStatus } from '../storage/storageStatus.js'
import type { Alarm } from './alarms.js'
import type { AccountState, NodeStatus, SettledState } from './lightNode.js'
import type { BatchMeta, ClaimProof, StoredOp, TrustedBatch } from './nodeRecords.js'
import type { EscapeProof } from './escapeProof.js'

/** What the node worker is started with. */
export type StartNodeParameters = {
  /** The L1 JSON-RPC URL (http). */
  rpcUrl: string
  deployment: Deployment
  /** IndexedDB database name (default: one per chain and Rollup). */
  databaseName?: string
  /** Pause between sync rounds once at L1's head (default 2000 ms). */
  pollIntervalMs?: number
  /** L1 blocks per sync step (default 500). */
  maxBlocksPerStep?: number
  /** The relay's WebSocket URL: its trusted batches are followed (`lantern_subscribe("trustedBatches")`) and recorded as trusted. */
  relayUrl?: string
}

/** The status the UI shows. */
export type NodeWorkerStatus = NodeStatus & {
  running: boolean
  /** The checkpoint's L1 block when this worker opened the database: where it resumed (deployBlock − 1 for a fresh one). */
  openedAtBlock?: bigint
  storage: StorageStatus
  /** The newest batch number the relay pushed as trusted (null: none yet, or no relay). */
  lastTrustedBatch?: bigint | null
  /** Why the relay subscription is not healthy (null when it is, or no relay). */
  relayProblem?: string | null
  /** The last sync failure (L1 unreachable, storage closed), cleared by the next good round. */
  lastError: SerializedError | null
}

/** The node worker's commands. */
export interface NodeApi {
  /** Opens the database and starts following L1 (idempotent for the same parameters). */
  start(parameters: StartNodeParameters): Promise<void>
  /** Stops syncing and closes the database. */
  stop(): Promise<void>
  status(): Promise<NodeWorkerStatus>
  /** Runs sync rounds until L1's head now. */
  syncNow(): Promise<void>
  account(index: number): Promise<AccountState>
  /** The account index an L1 address owns, once a batch re-executed here created it. */
  accountIndexOf(address: bigint): Promise<number | undefined>
  /** The account at `index` in the virtual state or in the consolidated one (verified on L1 and here). */
  accountAt(index: number, at: 'virtual' | 'consolidated'): Promise<{ account: Account; asOfBatch: bigint }>
  batch(batchNumber: bigint): Promise<BatchMeta | undefined>
  /** The priority op queued on L1 under `opIndex`, once the node synced the block that queued it. */
  priorityOp(opIndex: bigint): Promise<StoredOp | undefined>
  batchState(batchNumber: bigint): Promise<SettledState>
  alarms(): Promise<Alarm[]>
  /** `Bridge.claim`'s arguments for an exit of a batch consolidated here. */
  claimProof(batchNumber: bigint, slot: number): Promise<ClaimProof>
  /** `Bridge.escapeWithdraw`'s arguments for an account, against the last state verified here. */
  escapeProof(accountIndex: number): Promise<EscapeProof>
  /** Records a batch the relay says it sequenced (trusted state). */
  noteTrustedBatch(trusted: TrustedBatch): Promise<void>
  /** Calls `listener` (a comlink proxy) with the status after every change. */
  subscribe(listener: (status: NodeWorkerStatus) => void): Promise<void>
}
