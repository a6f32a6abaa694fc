// The local devnet, one module for `npm start` (scripts/devnet.ts) and the e2e fixture
// (e2e/fixtures.ts): anvil → compile + deploy contracts → write the generated deployment and
// runtime config → relay process → web app. `stop()` tears down everything it started, in
// reverse order; a failure half-way stops what was already running before rethrowing.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildContracts, ContractsBuildError } from '../../contracts/build'
import { deployLantern, type Deployment } from '../../contracts/deploy'
import type { RuntimeConfig } from '../../src/app/config/runtimeConfig'
import { devnetRoles } from './accounts'
import { setBlockTime, startAnvil } from './anvil'
import { startAppServer } from './appServer'
import { DeployFailedError, DevnetError } from './errors'
import { assertPortsFree } from './ports'
import { startRelayProcess } from './relay'

/** The relay settings of every devnet, over the relay's defaults; a LANTERN_* variable set in the environment, then `relayEnv`, win over them. */
const DEVNET_RELAY_ENV: Record<string, string> = {
  // The relay's default T (10 s) saves L1 gas by grouping proofs under load; a devnet has one
  // user and free gas, and waiting T after the only proof made a deposit's consolidation 10 s slower.
  LANTERN_AGGREGATOR_INTERVAL_MS: '0',
}

function relayEnvFor(overrides: Record<string, string> = {}): Record<string, string> {
  const defaults = Object.entries(DEVNET_RELAY_ENV).filter(([name]) => process.env[name] === undefined)
  return { ...Object.fromEntries(defaults), ...overrides }
}

export const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

export type DevnetOptions = {
  /** Defaults: 8545 / 8546 / 5173, as `npm start`. Tests pass other ports. */
  ports?: { l1?: number; relay?: number; app?: number }
  host?: string
  chainId?: number
  /** Seconds between L1 blocks once deployed; 0 = a block per transaction (deterministic tests). */
  blockTime?: number
  /** `dev`: Vite dev server (hot reload); `dist`: serve the built app (e2e). */
  app?: 'dev' | 'dist'
  /** Offer the dev wallet (an EIP-1193 provider over an unlocked anvil account) to the app. */
  devWallet?: boolean
  /** Where generated files and logs go. Default `.devnet/`. */
  stateDir?: string
  /** Progress and relay output; silent by default. */
  log?: (line: string) => void
  /** Names of environment variables that set each port, for "port in use" messages. */
  portEnvVars?: { l1?: string; relay?: string; app?: string }
  /** LANTERN_* settings for this devnet's relay process only, over the devnet's (e.g. `{ LANTERN_RELAY_PROVERS: '0' }`). */
  relayEnv?: Record<string, string>
}

export type Devnet = {
  urls: { l1: string; relay: string; app: string }
  chainId: number
  deployment: Deployment
  runtimeConfig: RuntimeConfig
  files: { deployment: string; runtimeConfig: string; logs: string }
  /** Resolves if anvil or the relay exits on its own (a crash), with which one. */
  crashed: Promise<string>
  /** Stops the relay alone (no more sequencing, proving or RPC) while L1 and the app keep running; not reported by `crashed`. */
  stopRelay: () => Promise<void>
  stop: () => Promise<void>
}

/** Starts the whole devnet; resolves once every part answers. */
export async function startDevnet(opts: DevnetOptions = {}): Promise<Devnet> {
  const host = opts.host ?? '127.0.0.1'
  const ports = { l1: opts.ports?.l1 ?? 8545, relay: opts.ports?.relay ?? 8546, app: opts.ports?.app ?? 5173 }
  const chainId = opts.chainId ?? 31337
  const stateDir = resolve(rootDir, opts.stateDir ?? '.devnet')
  const log = opts.log ?? (() => undefined)
  const files = {
    deployment: join(stateDir, 'deployment.json'),
    runtimeConfig: join(stateDir, 'devnet.json'),
    logs: stateDir,
  }
  mkdirSync(stateDir, { recursive: true })

  await assertPortsFree([
    { name: 'anvil (L1)', port: ports.l1, host, envVar: opts.portEnvVars?.l1 },
    { name: 'relay', port: ports.relay, host, envVar: opts.portEnvVars?.relay },
    { name: 'web app', port: ports.app, host, envVar: opts.portEnvVars?.app },
  ])

  const stops: (() => Promise<void>)[] = []
  const stop = async () => {
    for (const s of stops.reverse().splice(0)) await s().catch(() => undefined)
  }

  try {
    log('compiling contracts (solc-js)…')
    try {
      const built = buildContracts()
      log(built.skipped ? 'contracts up to date' : `compiled ${built.artifacts.length} contract artifacts`)
    } catch (err) {
      if (err instanceof ContractsBuildError) throw new DeployFailedError(err.message, { cause: err })
      throw err
    }

    log(`starting anvil on ${host}:${ports.l1}…`)
    const anvil = await startAnvil({ host, port: ports.l1, chainId, blockTime: 0, cwd: rootDir, logFile: join(stateDir, 'anvil.log') })
    stops.push(anvil.stop)

    log('deploying contracts…')
    let deployment: Deployment
    try {
      deployment = await deployLantern({ rpcUrl: anvil.rpcUrl, deployer: devnetRoles.deployer.privateKey, sequencer: devnetRoles.sequencer.address })
    } catch (err) {
      throw new DeployFailedError(`Deploying the contracts failed: ${(err as Error).message}`, { cause: err })
    }
    writeJson(files.deployment, deployment)
    await setBlockTime(anvil.rpcUrl, opts.blockTime ?? 0)

    log(`starting the relay on ${host}:${ports.relay}…`)
    // A fresh anvil is a fresh L1, so the L2 starts empty too: the relay's database goes with it.
    const relayDataDir = join(stateDir, 'relay')
    rmSync(relayDataDir, { recursive: true, force: true })
    const relay = await startRelayProcess({
      dataDir: relayDataDir,
      host,
      port: ports.relay,
      l1RpcUrl: anvil.rpcUrl,
      deploymentFile: files.deployment,
      sequencerPrivateKey: devnetRoles.sequencer.privateKey,
      aggregatorPrivateKey: devnetRoles.aggregator.privateKey,
      rootDir,
      logFile: join(stateDir, 'relay.log'),
      ...(opts.log ? { echo: (line: string) => log(`[relay] ${line}`) } : {}),
      env: relayEnvFor(opts.relayEnv),
    })
    stops.push(relay.stop)

    const runtimeConfig: RuntimeConfig = {
      network: 'devnet',
      l1: { chainId, rpcUrl: anvil.rpcUrl },
      relayUrl: relay.url,
      deployment,
      devWallet: opts.devWallet === false ? null : { accounts: [devnetRoles.devWallet.address] },
    }
    writeJson(files.runtimeConfig, runtimeConfig)

    log(`starting the web app (${opts.app ?? 'dev'}) on ${host}:${ports.app}…`)
    const app = await startAppServer({ mode: opts.app ?? 'dev', host, port: ports.app, rootDir, runtimeConfigFile: files.runtimeConfig })
    stops.push(app.stop)

    let stopping = false
    let relayStopped = false
    const crashed = Promise.race([
      anvil.exited.then(() => 'anvil'),
      relay.exited.then(() => (relayStopped ? new Promise<string>(() => undefined) : 'relay')),
    ]).then((which) => (stopping ? new Promise<string>(() => undefined) : which))

    return {
      urls: { l1: anvil.rpcUrl, relay: relay.url, app: app.url },
      chainId,
      deployment,
      runtimeConfig,
      files,
      crashed,
      stopRelay: async () => {
        relayStopped = true
        await relay.stop()
      },
      stop: async () => {
        stopping = true
        await stop()
      },
    }
  } catch (err) {
    await stop()
    if (err instanceof DevnetError) throw err
    throw new DevnetError(`The devnet failed to start: ${(err as Error).message}`, { cause: err })
  }
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`)
}
