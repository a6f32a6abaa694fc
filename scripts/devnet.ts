// `npm start`: the whole local devnet in the foreground — anvil (L1), contracts compiled and
// deployed, the relay and the web app — until Ctrl-C, which stops everything it started.
// Ports and block time come from LANTERN_* variables (see .env.example).
import { DevnetError } from './devnet/errors'
import { devnetRoles } from './devnet/accounts'
import { startDevnet, type Devnet } from './devnet/startDevnet'

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`${name} must be an integer between 0 and 65535, got "${raw}".`)
    process.exit(1)
  }
  return value
}

async function main(): Promise<void> {
  const started = Date.now()
  let devnet: Devnet | undefined
  let stopping = false
  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    console.log('\nstopping the devnet…')
    await devnet?.stop()
    console.log('stopped.')
    process.exit(code)
  }
  // Until the devnet is up, a signal just ends start-up; startDevnet's own cleanup and the
  // process exit hook stop whatever was already spawned.
  process.on('SIGINT', () => void shutdown(130))
  process.on('SIGTERM', () => void shutdown(143))

  try {
    devnet = await startDevnet({
      ports: {
        l1: intFromEnv('LANTERN_L1_PORT', 8545),
        relay: intFromEnv('LANTERN_RELAY_PORT', 8546),
        app: intFromEnv('LANTERN_APP_PORT', 5173),
      },
      portEnvVars: { l1: 'LANTERN_L1_PORT', relay: 'LANTERN_RELAY_PORT', app: 'LANTERN_APP_PORT' },
      blockTime: intFromEnv('LANTERN_L1_BLOCK_TIME', 2),
      devWallet: process.env.LANTERN_DEV_WALLET !== '0',
      app: 'dev',
      log: (line) => console.log(`  ${line}`),
    })
  } catch (err) {
    if (err instanceof DevnetError) {
      console.error(`\nnpm start: ${err.message}`)
      process.exit(1)
    }
    throw err
  }
  if (stopping) return await devnet.stop()

  const { urls, deployment, files } = devnet
  console.log(`
${bold('Lantern devnet is up')} (${((Date.now() - started) / 1000).toFixed(1)} s)

  Web app   ${bold(urls.app)}
  Relay     ${urls.relay}   (JSON-RPC: lantern_status, eth_chainId; GET /health)
  L1 anvil  ${urls.l1}   (chain id ${devnet.chainId})

  Contracts ${Object.entries(deployment.contracts).map(([name, address]) => `${name} ${address}`).join(', ')}
  Dev wallet ${devnet.runtimeConfig.devWallet ? `${devnetRoles.devWallet.address} (anvil account 2, offered to the app)` : 'off'}
  Generated ${files.deployment}, ${files.runtimeConfig}
  Logs      ${files.logs}/anvil.log, relay.log

Press Ctrl-C to stop everything.`)

  const which = await devnet.crashed
  console.error(`\n${which} exited unexpectedly; see ${files.logs}/${which}.log`)
  await shutdown(1)
}

main().catch((err: unknown) => {
  console.error('npm start: unexpected failure', err)
  process.exit(1)
})
