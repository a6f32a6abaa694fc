/**
 * The one description of where a Lantern deployment lives on L1, as the devnet writes it
 * (`.devnet/deployment.json`, `/devnet.json`) and `contracts/deploy.ts` returns it. Validated
 * with zod wherever it crosses a process or network boundary as JSON.
 */
// zod/mini: the app bundles this module too.
import * as z from 'zod/mini'
import type { Deployment as DeployedLantern } from '../../contracts/deploy.js'
import { InvalidDeploymentError } from './errors.js'

const address = z.string().check(z.regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address')) as unknown as z.ZodMiniType<`0x${string}`>

/** The zod schema of a Deployment. */
export const deploymentSchema = z.object({
  chainId: z.number().check(z.int(), z.positive()),
  deployer: address,
  /** L1 block of the first deployment transaction: a synchronizer never needs to look earlier. */
  startBlock: z.number().check(z.int(), z.nonnegative()),
  /** Deployed contracts by lowerCamel name: `rollup`, `bridge`, `verifier`, … */
  contracts: z.record(z.string(), address),
  /** Linked libraries by contract name, e.g. `PoseidonT3`. */
  libraries: z.record(z.string(), address),
})

/** Where the Lantern contracts live on L1. */
export type Deployment = z.infer<typeof deploymentSchema>

// Compile-time guard: this type and the one deployLantern returns must not drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _sameAsDeploy: Same<Deployment, DeployedLantern> = true
void _sameAsDeploy

/** A Deployment parsed from untrusted JSON, with a Rollup and a Bridge; InvalidDeploymentError otherwise. */
export function parseDeployment(value: unknown): Deployment {
  const parsed = deploymentSchema.safeParse(value)
  if (!parsed.success) throw new InvalidDeploymentError({ reason: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') })
  for (const name of ['rollup', 'bridge']) {
    if (parsed.data.contracts[name] === undefined) throw new InvalidDeploymentError({ reason: `no ${name} address` })
  }
  return parsed.data
}
