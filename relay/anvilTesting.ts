// Shared set-up of the relay tests that run over a real anvil with the contracts deployed by
// contracts/test/helpers/lantern: the keys of the roles those helpers deploy with, a silent
// logger, the relay's config for that deployment, a temporary data dir, a named poll, and a
// JSON-RPC call that rebuilds the relay's typed errors.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Lantern } from '../contracts/test/helpers/lantern'
import { anvilAccounts } from '../scripts/devnet/accounts'
import { fromJsonRpcError } from '../src/rpc/errors'
import type { RelayConfig } from './config'
import { testConfig } from './testing'

/** anvil's account 0: the sequencer the contract helpers deploy with (`L.sequencer`). */
export const SEQUENCER_KEY = anvilAccounts[0].privateKey
/** anvil's account 4: an unprivileged aggregator, so its nonces never race the sequencer's. */
export const AGGREGATOR_KEY = anvilAccounts[4].privateKey

const stamped = (...args: unknown[]) => console.log(new Date().toISOString().slice(11, 23), ...args)
/** Silent, unless RELAY_TEST_LOG is set: then every line, timestamped (for diagnosing a test). */
export const quietLogger = process.env.RELAY_TEST_LOG ? { info: stamped, warn: stamped, error: stamped } : { info: () => {}, warn: () => {}, error: () => {} }

/** The relay's config for the deployment `L`, with its data in `dataDir`, sequencing with SEQUENCER_KEY. */
export function relayConfigOn(L: Lantern, dataDir: string, overrides: Partial<RelayConfig> = {}): RelayConfig {
  return {
    ...testConfig,
    l1RpcUrl: L.anvil.rpcUrl,
    dataDir,
    deployment: { chainId: L.chain.id, deployer: L.sequencer, startBlock: 0, contracts: { rollup: L.rollup, bridge: L.bridge }, libraries: L.libraries },
    sequencerPrivateKey: SEQUENCER_KEY,
    ...overrides,
  }
}

/** A fresh directory under the OS temp dir, and how to remove it. */
export function tempDataDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `lantern-${prefix}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Polls `probe` every 100 ms until it returns a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Calls `method` on the relay over HTTP; a JSON-RPC error is thrown as its typed class. */
export async function relayRpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  const body = (await response.json()) as { result?: T; error?: unknown }
  if (body.error) throw fromJsonRpcError(body.error)
  return body.result as T
}
