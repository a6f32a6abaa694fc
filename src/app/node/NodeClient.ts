// What the screens need from the in-browser light node and the relay. The app is written
// against these interfaces only; the light node (workers/, behind src/node/) and the relay's
// JSON-RPC client implement them and are handed to <NodeProvider> at boot. Until then the
// provider holds `null` and every screen says "light node not connected" instead of inventing a
// value. Amounts are wei (bigint) unless a field says gwei; block numbers are L1 blocks.

/** How far an L2 fact has come: the sequencer's word, its data on L1, its proof on L1. */
export type L2State = 'trusted' | 'virtual' | 'consolidated'

/** A condition the node wants the user to know about, in plain words. */
export type NodeAlarm = {
  id: string
  severity: 'info' | 'warning' | 'critical'
  /** One sentence saying what is wrong and what happens next (e.g. the escape-hatch deadline). */
  message: string
  sinceL1Block?: bigint
}

export type NodeStatus = {
  /** The node's sync loop is running (false once stopped or before the first start). */
  running: boolean
  /** The newest L1 block this node has fully processed. */
  syncedL1Block: bigint
  /** Last batch whose data this browser downloaded and re-executed (virtual). */
  lastSyncedBatch: number
  /** Last batch whose proof this browser verified (and that is verified on L1). */
  lastVerifiedBatch: number
  /** Last batch the relay reported as trusted, when connected. */
  lastTrustedBatch: number | null
  /** Batches re-executed per minute, over the last minute. */
  syncBatchesPerMinute: number
  /** Bytes this origin uses, when the browser says (null: it does not). */
  storageBytes: number | null
  relay: 'connected' | 'connecting' | 'disconnected'
  /** The rollup is frozen (escape hatch active): only escape withdrawals, claims and refunds. Null: this node does not track it (read it from L1). */
  frozen: boolean | null
  alarms: NodeAlarm[]
  /** The last sync failure in plain words (L1 unreachable, storage closed), cleared by the next good round. */
  lastError: string | null
}

/** One account as seen at each level of trust. */
export type AccountView = {
  accountIndex: number
  address: `0x${string}`
  pubKey: { pubAx: bigint; pubAy: bigint } | null
  /** Null where this node does not know the account at that level (e.g. trusted state it has not seen). */
  balance: Record<L2State, bigint | null>
  nonce: Record<L2State, number | null>
  /** The level of the account's latest change. */
  state: L2State | 'alarm' | 'unknown'
}

export type BatchTxView = {
  slot: number
  type: 'TRANSFER' | 'WITHDRAW' | 'DEPOSIT' | 'REGISTER_KEY' | 'FORCED_EXIT' | 'NOOP'
  fromIndex: number
  toIndex: number
  amountWei: bigint
  feeWei: bigint
  /** The priority op index for L1 ops. */
  opIndex?: number
}

export type BatchView = {
  batchNumber: number
  /** `alarm`: the batch failed a check here (see the alarms); `unexecuted`: sequenced on L1 but not re-executed (execution halted at an earlier alarm). */
  state: L2State | 'alarm' | 'unexecuted'
  sequencedAtL1Block?: bigint
  verifiedAtL1Block?: bigint
  /** Roots from this browser's re-execution; null when the batch was not executed here. */
  oldStateRoot: bigint | null
  newStateRoot: bigint | null
  exitRoot: bigint | null
  txs: BatchTxView[]
  /** Proof as posted on L1 (8 words), once consolidated. */
  proof?: readonly bigint[]
  /** Set once this browser verified the batch's proof: how long that took. */
  verifiedHereMs?: number
}

/** Where an L1 → L2 priority op (a deposit) is on L2. */
export type PriorityOpProgress = {
  opIndex: number
  /** What the node read from L1's PriorityOpQueued event, once it synced that block. */
  queued?: { l1Block: bigint; accountIndex: number; l1Address: `0x${string}`; amountWei: bigint; deadlineL1Block: bigint }
  batchNumber?: number
  /** Unix ms of each step this node saw; absent = not yet. */
  trustedAt?: number
  virtualAt?: number
  provenAt?: number
  verifiedHereAt?: number
}

/** A claim built in this browser from local state and checked against the verified exit root. */
export type ClaimProof = {
  batchNumber: number
  slotIndex: number
  recipient: `0x${string}`
  amountGwei: bigint
  siblings: readonly [bigint, bigint]
  /** The exit root the proof was checked against (Rollup.exitRootOf(batchNumber)). */
  exitRoot: bigint
}

/** `Bridge.escapeWithdraw`'s arguments, built from the node's own tree at the last state root verified in this browser. */
export type EscapeProofView = {
  accountIndex: number
  owner: `0x${string}`
  balanceGwei: bigint
  nonce: bigint
  pubAx: bigint
  pubAy: bigint
  siblings: readonly bigint[]
  /** The root the proof is against; L1 pays only if it equals Rollup.lastVerifiedStateRoot(). */
  stateRoot: bigint
}

/** The light node as the screens read it, plus proving here through the relay's prover-job protocol. L2 transactions are signed and sent by src/app/wallet/, not through this interface. */
export interface NodeClient {
  status(): Promise<NodeStatus>
  /** Called whenever status, batches or accounts change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  account(address: `0x${string}`): Promise<AccountView | null>
  batches(options: { fromBatch?: number; limit: number }): Promise<BatchView[]>
  priorityOp(opIndex: number): Promise<PriorityOpProgress | null>
  /** The escape-hatch proof of the address's account (frozen mode); null when the address has no account. */
  escapeProof(address: `0x${string}`): Promise<EscapeProofView | null>
  /** Builds the exit Merkle proof from local state; rejects unless the batch is consolidated and verified here. */
  buildClaimProof(batchNumber: number, slotIndex: number): Promise<ClaimProof>
  reverifyBatch(batchNumber: number): Promise<{ ok: boolean; ms: number }>
  /** Proves the batch in this browser (prover worker) and submits the proof through the relay's prover-job protocol. */
  proveBatchHere(batchNumber: number, onProgress: (fraction: number, label?: string) => void): Promise<{ submitted: boolean; ms: number }>
}
