import type { Deployment } from '../../src/l1/deployment.js'

/** The node's default database name: one per chain and Rollup, so two deployments never share state (also the Web Lock's name). */
export function defaultDatabaseName(deployment: Deployment): string {
  return `lantern-node:${deployment.chainId}:${deployment.contracts.rollup!.toLowerCase()}`
}
