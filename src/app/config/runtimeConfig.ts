// The app's network configuration, fetched at run time from /devnet.json (written by the devnet
// next to its deployment) so one built app works against any devnet, including e2e's. Without
// that file the app falls back to VITE_* build-time variables (see .env.example).
import * as z from 'zod/mini'

const address = z.string().check(z.regex(/^0x[0-9a-fA-F]{40}$/))

export const runtimeConfigSchema = z.object({
  /** Which network this is; `devnet` enables dev-only affordances such as the dev wallet. */
  network: z.string(),
  l1: z.object({ chainId: z.number().check(z.int(), z.positive()), rpcUrl: z.url() }),
  relayUrl: z.nullable(z.url()),
  deployment: z.nullable(
    z.object({
      chainId: z.number(),
      deployer: address,
      startBlock: z.number(),
      contracts: z.record(z.string(), address),
      libraries: z.record(z.string(), address),
    }),
  ),
  /** Present only when the devnet offers a dev wallet backed by these unlocked anvil accounts. */
  devWallet: z.nullable(z.object({ accounts: z.array(address).check(z.minLength(1)) })),
})

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>

export class RuntimeConfigError extends Error {
  override name = 'RuntimeConfigError'
}

const CACHE_KEY = 'lantern.runtimeConfig'

/** Where the config came from: the server now, or this browser's copy from the last online start. */
export let runtimeConfigSource: 'server' | 'cached' | 'build' = 'server'

/**
 * Loads /devnet.json, else (offline) the copy saved by the last online start, else the VITE_*
 * fallback; throws RuntimeConfigError with a readable reason.
 */
export async function loadRuntimeConfig(url = '/devnet.json'): Promise<RuntimeConfig> {
  let res: Response | undefined
  try {
    res = await fetch(url, { cache: 'no-store' })
  } catch {
    res = undefined
  }
  if (res?.ok && res.headers.get('content-type')?.includes('json')) {
    const parsed = runtimeConfigSchema.safeParse(await res.json())
    if (!parsed.success) {
      throw new RuntimeConfigError(
        `${url} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      )
    }
    saveCachedConfig(parsed.data)
    runtimeConfigSource = 'server'
    return parsed.data
  }
  const cached = res === undefined ? readCachedConfig() : undefined
  if (cached) {
    runtimeConfigSource = 'cached'
    return cached
  }
  runtimeConfigSource = 'build'
  return fallbackConfig()
}

function saveCachedConfig(config: RuntimeConfig): void {
  try {
    globalThis.localStorage?.setItem(CACHE_KEY, JSON.stringify(config))
  } catch {
    // No storage: an offline start will fall back to the build-time config.
  }
}

function readCachedConfig(): RuntimeConfig | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(CACHE_KEY)
    if (!raw) return undefined
    const parsed = runtimeConfigSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function fallbackConfig(): RuntimeConfig {
  const rpcUrl = import.meta.env.VITE_L1_RPC_URL
  const chainId = Number(import.meta.env.VITE_L1_CHAIN_ID ?? '31337')
  if (!rpcUrl) {
    throw new RuntimeConfigError(
      'No network configuration: /devnet.json is missing (start the devnet with `npm start`) and VITE_L1_RPC_URL is not set.',
    )
  }
  return {
    network: import.meta.env.VITE_NETWORK ?? 'custom',
    l1: { chainId, rpcUrl },
    relayUrl: import.meta.env.VITE_RELAY_URL ?? null,
    deployment: null,
    devWallet: null,
  }
}
