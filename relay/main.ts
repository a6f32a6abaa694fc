// Relay process entry: `tsx relay/main.ts` (the devnet starts it this way). Configuration comes
// from LANTERN_* environment variables (see .env.example); bad config or an unreachable L1 ends
// the process with one clear message, not a stack trace.
import { parseConfig } from './config'
import { BaseError } from './errors'
import { startRelay } from './startRelay'

async function main(): Promise<void> {
  const config = parseConfig(process.env)
  const relay = await startRelay(config)
  console.log(`relay: JSON-RPC on ${relay.url} (L1 ${config.l1RpcUrl}, chain ${config.deployment.chainId})`)

  let closing = false
  const shutdown = () => {
    if (closing) return
    closing = true
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
  // Started by the devnet with an IPC channel: if the devnet dies, do not linger as an orphan.
  if (process.send) process.on('disconnect', shutdown)
}

main().catch((err: unknown) => {
  if (err instanceof BaseError) {
    console.error(`relay: ${err.message}`)
    process.exit(1)
  }
  console.error('relay: unexpected failure', err)
  process.exit(1)
})
