// The relay runs as its own Node process (as in production), started with tsx from relay/main.ts.
import { join } from 'node:path'
import { RelayStartError } from './errors'
import { spawnManaged, waitUntilReady } from './processes'

export type RelayProcessOptions = {
  host: string
  port: number
  l1RpcUrl: string
  deploymentFile: string
  /** The relay's database directory. */
  dataDir: string
  rootDir: string
  logFile: string
  /** The Rollup's sequencer key: the relay follows L1's queue and posts its batches with it. */
  sequencerPrivateKey?: `0x${string}`
  /** Sends verifyBatches (proofs the relay makes itself). */
  aggregatorPrivateKey?: `0x${string}`
  echo?: (line: string) => void
  /** More LANTERN_* settings, over the inherited environment. */
  env?: Record<string, string>
}

export type RelayProcess = { url: string; stop: () => Promise<void>; exited: Promise<unknown>; tail: () => string }

export async function startRelayProcess(opts: RelayProcessOptions): Promise<RelayProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    LANTERN_RELAY_HOST: opts.host,
    LANTERN_RELAY_PORT: String(opts.port),
    LANTERN_L1_RPC_URL: opts.l1RpcUrl,
    LANTERN_DEPLOYMENT_FILE: opts.deploymentFile,
    LANTERN_RELAY_DATA_DIR: opts.dataDir,
    ...(opts.sequencerPrivateKey ? { LANTERN_SEQUENCER_PRIVATE_KEY: opts.sequencerPrivateKey } : {}),
    ...(opts.aggregatorPrivateKey ? { LANTERN_AGGREGATOR_PRIVATE_KEY: opts.aggregatorPrivateKey } : {}),
  }
  const managed = spawnManaged(process.execPath, ['--import', 'tsx', join(opts.rootDir, 'relay', 'main.ts')], {
    cwd: opts.rootDir,
    env,
    logFile: opts.logFile,
    ipc: true,
    ...(opts.echo ? { echo: opts.echo } : {}),
  })
  const url = `http://${opts.host}:${opts.port}`
  const state = await waitUntilReady(
    managed,
    async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).ok,
    60_000,
  )
  if (state !== 'ready') {
    await managed.stop()
    const why = state === 'exited' ? 'exited during start-up' : 'did not answer /health within 60 s'
    throw new RelayStartError(`The relay ${why}. Its last output:\n${managed.tail() || '(none)'}`)
  }
  return { url, stop: () => managed.stop(), exited: managed.exited, tail: managed.tail }
}
