/**
 * The relay's JSON-RPC interface, declared once: each method's params and result as zod
 * schemas of their JSON form. The relay validates params with them and types its handlers'
 * results by them; clients get a viem `rpcSchema`-compatible type (`LanternRpcSchema`) so
 * `client.request({ method, params })` is typed end to end. Browser-safe: zod only.
 *
 * Encoding follows the Ethereum JSON-RPC conventions (execution-apis): quantities are 0x-hex
 * without leading zeros, data and hashes 0x-hex, addresses 20 bytes. The only exception is the
 * signed L2 transaction `lantern_sendTransaction` takes, which is the protocol's own JSON form
 * (decimal strings, PROTOCOL.md §4.3). Amounts named `…Gwei` are L2 units; `value`/balances of
 * eth_* methods are wei. docs/RPC.md describes every method.
 */
import { z } from 'zod'

/** 0x-prefixed quantity without leading zeros (`0x0`, `0x1a`). */
export const quantity = z.string().regex(/^0x(0|[1-9a-f][0-9a-f]*)$/, 'expected a 0x-hex quantity without leading zeros') as unknown as z.ZodType<`0x${string}`>
/** 0x-prefixed bytes, even length. */
export const data = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'expected 0x-hex bytes') as unknown as z.ZodType<`0x${string}`>
/** 32-byte hash. */
export const hash32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte 0x-hex hash') as unknown as z.ZodType<`0x${string}`>
/** 20-byte address (any case). */
export const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte 0x-hex address') as unknown as z.ZodType<`0x${string}`>
/** A block number or tag. The relay's state is trusted: `latest`/`pending` are the trusted head. */
export const blockTag = z.union([z.enum(['latest', 'pending', 'earliest', 'safe', 'finalized']), quantity])
/** A batch number or tag, for zkevm_* (Polygon zkEVM names). */
export const batchTag = z.union([z.enum(['latest', 'earliest']), quantity])

const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'expected a canonical decimal string')

/** The signed L2 transaction JSON of PROTOCOL.md §4.3 (checked in depth by parseL2Tx). */
export const l2TxJson = z.object({
  type: decimal,
  from: decimal,
  to: decimal,
  amount: decimal,
  fee: decimal,
  nonce: decimal,
  signature: z.object({ R8x: decimal, R8y: decimal, S: decimal }),
})

/** An Ethereum-shaped transaction object (execution-apis TransactionInfo, legacy type 0x0). */
export const rpcTransaction = z.object({
  type: quantity,
  hash: hash32,
  nonce: quantity,
  blockHash: hash32.nullable(),
  blockNumber: quantity.nullable(),
  transactionIndex: quantity.nullable(),
  from: address,
  to: address.nullable(),
  value: quantity,
  gas: quantity,
  gasPrice: quantity,
  input: data,
  chainId: quantity,
  v: quantity,
  r: quantity,
  s: quantity,
})
export type RpcTransaction = z.infer<typeof rpcTransaction>

const zeroBlockFields = {
  sha3Uncles: hash32,
  logsBloom: data,
  transactionsRoot: hash32,
  receiptsRoot: hash32,
  miner: address,
  difficulty: quantity,
  totalDifficulty: quantity,
  extraData: data,
  size: quantity,
  gasLimit: quantity,
  gasUsed: quantity,
  mixHash: hash32,
  nonce: data,
  baseFeePerGas: quantity,
  uncles: z.array(hash32),
}

/** An Ethereum-shaped block: one trusted L2 batch (docs/RPC.md, "Batches as blocks"). */
export const rpcBlock = z.object({
  number: quantity,
  hash: hash32,
  parentHash: hash32,
  timestamp: quantity,
  stateRoot: hash32,
  ...zeroBlockFields,
  transactions: z.union([z.array(hash32), z.array(rpcTransaction)]),
})
export type RpcBlock = z.infer<typeof rpcBlock>

/** The newHeads notification: a block header without transactions. */
export const rpcHeader = rpcBlock.omit({ transactions: true })
export type RpcHeader = z.infer<typeof rpcHeader>

/** An Ethereum-shaped receipt (execution-apis ReceiptInfo); an included L2 transaction always succeeded. */
export const rpcReceipt = z.object({
  type: quantity,
  transactionHash: hash32,
  transactionIndex: quantity,
  blockHash: hash32,
  blockNumber: quantity,
  from: address,
  to: address.nullable(),
  cumulativeGasUsed: quantity,
  gasUsed: quantity,
  effectiveGasPrice: quantity,
  contractAddress: address.nullable(),
  logs: z.array(z.never()),
  logsBloom: data,
  status: quantity,
})
export type RpcReceipt = z.infer<typeof rpcReceipt>

/** One slot of a trusted batch as Lantern reports it. */
export const lanternSlot = z.object({
  slot: z.number().int(),
  kind: z.enum(['l2', 'priority']),
  /** L2 transactions: txHash (§4.3) as bytes32; priority ops: see docs/RPC.md. */
  hash: hash32,
  type: z.number().int(),
  fromIndex: z.number().int(),
  toIndex: z.number().int(),
  amountGwei: quantity,
  feeGwei: quantity,
  /** L2 transactions only. */
  nonce: quantity.nullable(),
})

/** A trusted batch: what `lantern_subscribe("trustedBatches")` pushes and `zkevm_getBatchByNumber` extends. */
export const trustedBatch = z.object({
  number: quantity,
  blockHash: hash32,
  timestamp: quantity,
  oldStateRoot: hash32,
  stateRoot: hash32,
  priorityOpCount: z.number().int(),
  /** A_n = keccak256(A_{n−1} ‖ record_n) (PROTOCOL §6.1). */
  accInputHash: hash32,
  /** The proof's public inputs (§7.1) as quantities. */
  publicInputs: z.array(quantity),
  exitRoot: hash32,
  feeAccountIndex: z.number().int(),
  totalFeesGwei: quantity,
  batchL2Data: data,
  slots: z.array(lanternSlot),
})
export type TrustedBatch = z.infer<typeof trustedBatch>

/** zkevm_getBatchByNumber: Polygon zkEVM's Batch fields the relay can fill, plus Lantern's. */
export const zkevmBatch = z.object({
  number: quantity,
  coinbase: address,
  stateRoot: hash32,
  localExitRoot: hash32,
  accInputHash: hash32,
  timestamp: quantity,
  sendSequencesTxHash: hash32.nullable(),
  verifyBatchTxHash: hash32.nullable(),
  closed: z.boolean(),
  blocks: z.array(hash32),
  transactions: z.union([z.array(hash32), z.array(rpcTransaction)]),
  batchL2Data: data,
  lantern: trustedBatch,
})
export type ZkevmBatch = z.infer<typeof zkevmBatch>

/** lantern_getAccount: the account with its Merkle proof against the trusted root. */
export const lanternAccount = z.object({
  state: z.literal('trusted'),
  batchNumber: quantity,
  root: hash32,
  index: z.number().int(),
  address: address,
  balanceGwei: quantity,
  nonce: quantity,
  pubAx: hash32,
  pubAy: hash32,
  /** Siblings leaf-side first (ACCOUNT_TREE_DEPTH entries). */
  siblings: z.array(hash32),
})
export type LanternAccount = z.infer<typeof lanternAccount>

/** An account by its L2 index or by the L1 address that owns it. */
export const accountRef = z.union([address, z.object({ index: z.number().int().min(0).max(65_535) })])

export const lanternStatus = z.object({
  l1: z.object({ chainId: z.number().int(), blockNumber: z.number().int(), rpcUrl: z.string() }),
  deployment: z.object({
    chainId: z.number().int(),
    startBlock: z.number().int(),
    contracts: z.record(z.string(), address),
    libraries: z.record(z.string(), address),
  }),
  trusted: z.object({ batchNumber: quantity, stateRoot: hash32, postedThrough: quantity }).optional(),
  pool: z.object({ pending: z.number().int(), queued: z.number().int() }).optional(),
  /**
   * Proving, when the relay proves (it has an aggregator): `unproven` counts trusted batches above
   * `provenThrough` (every batch up to it is proven or verified); past `maxUnproven` (0 = no
   * limit) lantern_sendTransaction refuses with ProvingBacklogError.
   */
  proving: z
    .object({
      sequencedThrough: quantity,
      provenThrough: quantity,
      verifiedThrough: quantity,
      unproven: z.number().int(),
      maxUnproven: z.number().int(),
      /** Jobs handed out and not yet expired. */
      openJobs: z.number().int(),
      /** The relay's own prover worker threads (0: external provers only). */
      localProvers: z.number().int(),
    })
    .optional(),
  /** True while one of the relay's L1 loops (priority ops, sequenceBatches) is failing and retrying. */
  degraded: z.boolean().optional(),
  /** loop → its last error, while degraded. */
  l1Errors: z.record(z.string(), z.string()).optional(),
})
export type LanternStatus = z.infer<typeof lanternStatus>

/** A circuit input signal in JSON: a canonical decimal field element or a nested array of them. */
export type SignalJson = string | readonly SignalJson[]
const signalJson: z.ZodType<SignalJson> = z.lazy(() => z.union([decimal, z.array(signalJson)]))

/** A Groth16 proof in snarkjs's JSON form (projective coordinates, decimal strings). */
export const groth16ProofJson = z.object({
  pi_a: z.tuple([decimal, decimal, decimal]),
  pi_b: z.tuple([z.tuple([decimal, decimal]), z.tuple([decimal, decimal]), z.tuple([decimal, decimal])]),
  pi_c: z.tuple([decimal, decimal, decimal]),
  protocol: z.literal('groth16'),
  curve: z.literal('bn128'),
})
export type Groth16ProofJson = z.infer<typeof groth16ProofJson>

/** An opaque prover-job id (the relay's choice; at most 64 characters). */
const jobId = z.string().min(1).max(64)

/** lantern_getProverJob: a sequenced batch to prove, with the whole witness input (PROTOCOL §7.3). */
export const proverJob = z.object({
  jobId,
  batchNumber: quantity,
  /** The batch circuit's input signals by name, ready for snarkjs `groth16.fullProve`. */
  circuitInput: z.record(z.string(), signalJson),
  /** The 23 public inputs (§7.1) the proof must verify against; the relay checks the proof with these. */
  publicInputs: z.array(quantity),
  /** Unix seconds after which the job may be handed to another prover (a proof is still accepted if the batch is unproven). */
  expiresAt: quantity,
})
export type ProverJob = z.infer<typeof proverJob>

/** Every method: params (positional, JSON form) and result (JSON form). */
export const rpcMethods = {
  eth_chainId: { params: z.tuple([]), result: quantity },
  net_version: { params: z.tuple([]), result: decimal },
  eth_blockNumber: { params: z.tuple([]), result: quantity },
  eth_getBalance: { params: z.tuple([address, blockTag.optional()]), result: quantity },
  eth_getTransactionCount: { params: z.tuple([address, blockTag.optional()]), result: quantity },
  eth_getBlockByNumber: { params: z.tuple([blockTag, z.boolean().optional()]), result: rpcBlock.nullable() },
  eth_getBlockByHash: { params: z.tuple([hash32, z.boolean().optional()]), result: rpcBlock.nullable() },
  eth_getTransactionByHash: { params: z.tuple([hash32]), result: rpcTransaction.nullable() },
  eth_getTransactionReceipt: { params: z.tuple([hash32]), result: rpcReceipt.nullable() },
  /** WebSocket only. */
  eth_subscribe: { params: z.tuple([z.literal('newHeads')]), result: quantity },
  eth_unsubscribe: { params: z.tuple([quantity]), result: z.boolean() },
  zkevm_batchNumber: { params: z.tuple([]), result: quantity },
  zkevm_virtualBatchNumber: { params: z.tuple([]), result: quantity },
  zkevm_verifiedBatchNumber: { params: z.tuple([]), result: quantity },
  zkevm_getBatchByNumber: { params: z.tuple([batchTag, z.boolean().optional()]), result: zkevmBatch.nullable() },
  lantern_status: { params: z.tuple([]), result: lanternStatus },
  lantern_sendTransaction: {
    params: z.tuple([l2TxJson]),
    result: z.object({ hash: hash32, status: z.enum(['pending', 'queued']), replaced: hash32.nullable() }),
  },
  lantern_estimateFee: { params: z.tuple([]), result: z.object({ feeGwei: quantity, minFeeGwei: quantity }) },
  lantern_getAccount: { params: z.tuple([accountRef]), result: lanternAccount.nullable() },
  lantern_poolStatus: {
    params: z.tuple([]),
    result: z.object({
      pending: z.number().int(),
      queued: z.number().int(),
      maxPoolSize: z.number().int(),
      maxPerAccount: z.number().int(),
      maxNonceGap: z.number().int(),
      minFeeGwei: quantity,
      txTtlSeconds: z.number().int(),
    }),
  },
  /**
   * Prover-job protocol (request → job → submit → ack). Null when nothing is waiting to be
   * proven (or, with `batchNumber`, when that batch is proven already or not sequenced).
   */
  lantern_getProverJob: {
    params: z.tuple([z.object({ proverId: z.string().min(1).max(64), batchNumber: quantity.optional() })]),
    result: proverJob.nullable(),
  },
  /** Submits a proof for a job; the relay verifies it before using it, and the first valid proof of a batch wins. */
  lantern_submitProof: {
    params: z.tuple([z.object({ jobId, proof: groth16ProofJson })]),
    result: z.object({ batchNumber: quantity, status: z.enum(['accepted', 'alreadyProven']) }),
  },
  /** WebSocket only. */
  lantern_subscribe: { params: z.tuple([z.literal('trustedBatches')]), result: quantity },
  lantern_unsubscribe: { params: z.tuple([quantity]), result: z.boolean() },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>

export type RpcMethodName = keyof typeof rpcMethods
/** JSON params of a method (what a client sends). */
export type RpcParams<M extends RpcMethodName> = z.input<(typeof rpcMethods)[M]['params']>
/** JSON result of a method (what the relay sends back). */
export type RpcResult<M extends RpcMethodName> = z.output<(typeof rpcMethods)[M]['result']>

/** The relay's methods in viem's `RpcSchema` shape: `createPublicClient({ rpcSchema: rpcSchema<LanternRpcSchema>() })`. */
export type LanternRpcSchema = {
  [M in RpcMethodName]: { Method: M; Parameters: RpcParams<M>; ReturnType: RpcResult<M> }
}[RpcMethodName][]

/** Subscription notifications (`eth_subscription`, `lantern_subscription`) and their result shape. */
export const subscriptionResults = {
  newHeads: rpcHeader,
  trustedBatches: trustedBatch,
} as const
