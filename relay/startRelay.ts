// Builds the relay from a validated config: L1 client, method table, HTTP server. Pool,
// sequencer and aggregator will be created here too and handed to methods through the context.
import type { AddressInfo } from 'node:net'
import type { RelayConfig } from './config'
import { BaseError, registerErrorClasses } from './errors'
import { createL1Client } from './l1/client'
import type { Logger } from './rpc/handleRequest'
import { createHttpServer } from './rpc/httpServer'
import { methods } from './rpc/methods'

export type Relay = { url: string; close: () => Promise<void> }

export class L1MismatchError extends BaseError {
  override name = 'L1MismatchError'
  static override readonly code: string = 'RELAY_L1_MISMATCH'
}

export class RelayListenError extends BaseError {
  override name = 'RelayListenError'
  static override readonly code: string = 'RELAY_LISTEN_FAILED'
}

registerErrorClasses(L1MismatchError, RelayListenError)

/** Starts the relay. Checks first that L1 answers and is the chain the deployment was made on. */
export async function startRelay(config: RelayConfig, logger: Logger = console): Promise<Relay> {
  const l1 = createL1Client(config.l1RpcUrl)
  let chainId: number
  try {
    chainId = await l1.getChainId()
  } catch (err) {
    throw new L1MismatchError(`Cannot reach the L1 node at ${config.l1RpcUrl}.`, { cause: err })
  }
  if (chainId !== config.deployment.chainId) {
    throw new L1MismatchError(
      `L1 at ${config.l1RpcUrl} has chain id ${chainId}, but ${config.deploymentFile} was deployed on chain ${config.deployment.chainId}.`,
    )
  }

  const server = createHttpServer({ ctx: { config, l1 }, methods, logger })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new RelayListenError(`Port ${config.port} on ${config.host} is already in use.`, { cause: err })
          : err,
      )
    })
    server.listen(config.port, config.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${config.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
