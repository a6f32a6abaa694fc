// The deployment file the devnet writes (contracts/deploy.ts returns it): which L1 contracts the
// relay talks to. Validated here because it crosses a process boundary as JSON.
import { z } from 'zod'
import type { Deployment as DeployedLantern } from '../../contracts/deploy'

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address') as z.ZodType<`0x${string}`>

export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  deployer: address,
  startBlock: z.number().int().nonnegative(),
  contracts: z.record(z.string(), address),
  libraries: z.record(z.string(), address),
})

export type Deployment = z.infer<typeof deploymentSchema>

// Compile-time guard: the schema and the type deployLantern returns must not drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _schemaMatchesDeploy: Same<Deployment, DeployedLantern> = true
void _schemaMatchesDeploy
