// Relay configuration: read once from the environment at start-up, validated with zod, frozen.
// Every bad key is reported together (not the first one only). Variables are documented in
// .env.example at the repository root.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { BaseError, registerErrorClasses } from './errors'
import { deploymentSchema, type Deployment } from './l1/deployment'

const port = z.coerce.number().int().min(1).max(65_535)

const envSchema = z.object({
  LANTERN_RELAY_HOST: z.string().min(1).default('127.0.0.1'),
  LANTERN_RELAY_PORT: port.default(8546),
  LANTERN_L1_RPC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8545'),
  /** JSON file written by the devnet (or a deploy script) with the deployed contract addresses. */
  LANTERN_DEPLOYMENT_FILE: z.string().min(1).default('.devnet/deployment.json'),
  /** Comma-separated origins allowed by CORS, or `*`. */
  LANTERN_RELAY_CORS_ORIGIN: z.string().min(1).default('*'),
  /** Directory of the relay's database (relay.sqlite). */
  LANTERN_RELAY_DATA_DIR: z.string().min(1).default('.devnet/relay'),
  /** The sequencer's own L2 account, credited with batch fees. */
  LANTERN_FEE_ACCOUNT_INDEX: z.coerce.number().int().min(1).max(65_535).default(1),
  /** A batch with free slots closes once its oldest item waited this long. */
  LANTERN_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(600_000).default(100),
  /** Pool fee floor, gwei. */
  LANTERN_POOL_MIN_FEE_GWEI: z.coerce.number().int().min(0).max(4_294_967_295).default(1),
  /** The Rollup's sequencer key (L1): set, the relay follows L1's priority queue and posts batches; unset, it runs without L1 writes. */
  LANTERN_SEQUENCER_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 0x-prefixed 32-byte hex key').optional(),
  /** How often the relay polls L1 for priority ops (ms). */
  LANTERN_L1_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** An L1 priority op is executed once its block has this many confirmations (1: when mined); a reorg that removes one rewinds trusted state. */
  LANTERN_L1_CONFIRMATIONS: z.coerce.number().int().min(1).max(64).default(1),
  /** Longest wait between retries while L1 fails (ms). */
  LANTERN_L1_RETRY_MAX_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** At most this many batches per sequenceBatches call (keep ≤ the aggregator's k). */
  LANTERN_SEQUENCE_MAX_BATCHES: z.coerce.number().int().min(1).max(64).default(4),
  /** Key that sends verifyBatches (any funded L1 account; not the sequencer's, so their nonces never race). Unset: no aggregator. */
  LANTERN_AGGREGATOR_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 0x-prefixed 32-byte hex key').optional(),
  /** At most k batches per verifyBatches call. */
  LANTERN_AGGREGATOR_K: z.coerce.number().int().min(1).max(64).default(4),
  /** Submit proven batches at least this often (ms), even fewer than k. */
  LANTERN_AGGREGATOR_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** Circuit artifacts the aggregator proves with. */
  LANTERN_CIRCUIT_WASM: z.string().min(1).default('circuits/artifacts/batch.wasm'),
  LANTERN_CIRCUIT_ZKEY: z.string().min(1).default('circuits/artifacts/batch.zkey'),
  /** Prover worker threads of the relay itself; 0 leaves every batch to external provers (lantern_getProverJob). */
  LANTERN_RELAY_PROVERS: z.coerce.number().int().min(0).max(16).default(1),
  /** A prover job not answered within this long (ms) is handed to the next prover that asks. */
  LANTERN_PROVER_JOB_TTL_MS: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
  /** lantern_sendTransaction refuses once this many trusted batches are not yet proven; 0 = no limit. */
  LANTERN_MAX_UNPROVEN_BATCHES: z.coerce.number().int().min(0).max(1_000_000).default(64),
  /** Past states (numbered blocks) readable this many batches below the head, and never fewer than back to L1's last verified batch; 0 keeps every state. */
  LANTERN_STATE_HISTORY_BATCHES: z.coerce.number().int().min(0).max(100_000_000).default(10_000),
})

export type RelayConfig = Readonly<{
  host: string
  port: number
  l1RpcUrl: string
  corsOrigin: string
  deploymentFile: string
  deployment: Deployment
  dataDir: string
  feeAccountIndex: number
  batchMaxWaitMs: number
  minFeeGwei: bigint
  sequencerPrivateKey: `0x${string}` | undefined
  l1PollMs: number
  l1Confirmations: number
  l1RetryMaxMs: number
  sequenceMaxBatches: number
  aggregatorPrivateKey: `0x${string}` | undefined
  aggregatorK: number
  aggregatorIntervalMs: number
  circuitArtifacts: { wasm: string; zkey: string }
  relayProvers: number
  proverJobTtlMs: number
  maxUnprovenBatches: number
  /** Batches below the head whose state stays readable (0: all); see relay/store/historyPruner.ts. */
  stateHistoryBatches: number
}>

export class InvalidConfigError extends BaseError {
  override name = 'InvalidConfigError'
  static override readonly code: string = 'RELAY_INVALID_CONFIG'
  readonly issues: string[]
  constructor(issues: string[]) {
    super('Invalid relay configuration.', { metaMessages: issues.map((issue) => `- ${issue}`) })
    this.issues = issues
  }
}

registerErrorClasses(InvalidConfigError)

type Env = Record<string, string | undefined>

/** Parses the environment (and the deployment file it names) into a frozen config, or throws InvalidConfigError listing every problem. */
export function parseConfig(env: Env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): RelayConfig {
  // Treat empty strings as unset, as dotenv-style files commonly leave `KEY=`.
  const cleaned: Env = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') cleaned[key] = value

  const parsed = envSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new InvalidConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))
  }
  const vars = parsed.data

  let raw: string
  try {
    raw = readFile(vars.LANTERN_DEPLOYMENT_FILE)
  } catch (err) {
    throw new InvalidConfigError([
      `LANTERN_DEPLOYMENT_FILE: cannot read ${vars.LANTERN_DEPLOYMENT_FILE} (${(err as NodeJS.ErrnoException).code ?? 'error'}); start the devnet (npm start) or deploy first`,
    ])
  }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    throw new InvalidConfigError([`LANTERN_DEPLOYMENT_FILE: ${vars.LANTERN_DEPLOYMENT_FILE} is not valid JSON`])
  }
  const deployment = deploymentSchema.safeParse(json)
  if (!deployment.success) {
    throw new InvalidConfigError(
      deployment.error.issues.map((issue) => `${vars.LANTERN_DEPLOYMENT_FILE} ${issue.path.join('.') || '(root)'}: ${issue.message}`),
    )
  }

  return Object.freeze({
    host: vars.LANTERN_RELAY_HOST,
    port: vars.LANTERN_RELAY_PORT,
    l1RpcUrl: vars.LANTERN_L1_RPC_URL,
    corsOrigin: vars.LANTERN_RELAY_CORS_ORIGIN,
    deploymentFile: vars.LANTERN_DEPLOYMENT_FILE,
    deployment: Object.freeze(deployment.data),
    dataDir: vars.LANTERN_RELAY_DATA_DIR,
    feeAccountIndex: vars.LANTERN_FEE_ACCOUNT_INDEX,
    batchMaxWaitMs: vars.LANTERN_BATCH_MAX_WAIT_MS,
    minFeeGwei: BigInt(vars.LANTERN_POOL_MIN_FEE_GWEI),
    sequencerPrivateKey: vars.LANTERN_SEQUENCER_PRIVATE_KEY as `0x${string}` | undefined,
    l1PollMs: vars.LANTERN_L1_POLL_MS,
    l1Confirmations: vars.LANTERN_L1_CONFIRMATIONS,
    l1RetryMaxMs: vars.LANTERN_L1_RETRY_MAX_MS,
    sequenceMaxBatches: vars.LANTERN_SEQUENCE_MAX_BATCHES,
    aggregatorPrivateKey: vars.LANTERN_AGGREGATOR_PRIVATE_KEY as `0x${string}` | undefined,
    aggregatorK: vars.LANTERN_AGGREGATOR_K,
    aggregatorIntervalMs: vars.LANTERN_AGGREGATOR_INTERVAL_MS,
    circuitArtifacts: { wasm: vars.LANTERN_CIRCUIT_WASM, zkey: vars.LANTERN_CIRCUIT_ZKEY },
    relayProvers: vars.LANTERN_RELAY_PROVERS,
    proverJobTtlMs: vars.LANTERN_PROVER_JOB_TTL_MS,
    maxUnprovenBatches: vars.LANTERN_MAX_UNPROVEN_BATCHES,
    stateHistoryBatches: vars.LANTERN_STATE_HISTORY_BATCHES,
  })
}
