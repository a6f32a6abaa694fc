// anvil from the npm package @foundry-rs/anvil: we run the platform binary it ships directly
// (its bin.mjs wrapper would add a Node process between us and anvil).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { AnvilStartError } from './errors'
import { spawnManaged, waitUntilReady } from './processes'

const require = createRequire(import.meta.url)

export type AnvilOptions = {
  host: string
  port: number
  chainId: number
  /** Seconds between blocks; 0 = mine one block per transaction (automine). */
  blockTime: number
  cwd: string
  logFile: string
}

export type Anvil = { rpcUrl: string; stop: () => Promise<void>; exited: Promise<unknown>; tail: () => string }

/** Path of the anvil binary inside node_modules, or a clear error if the package is missing. */
export function anvilBinary(): string {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string]
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`
  const binary = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  try {
    const path = join(require.resolve(`${pkg}/package.json`), '..', 'bin', binary)
    if (existsSync(path)) return path
  } catch {
    // fall through
  }
  throw new AnvilStartError(
    `anvil binary not found (${pkg}/bin/${binary}). Run \`npm ci\` (the @foundry-rs/anvil package ships it for ${process.platform}-${process.arch}).`,
  )
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(2_000),
  })
  const json = (await res.json()) as { result?: unknown; error?: { message: string } }
  if (json.error) throw new Error(json.error.message)
  return json.result
}

/** Starts anvil and waits until it answers eth_chainId. */
export async function startAnvil(opts: AnvilOptions): Promise<Anvil> {
  const args = ['--host', opts.host, '--port', String(opts.port), '--chain-id', String(opts.chainId), '--accounts', '10']
  const managed = spawnManaged(anvilBinary(), args, { cwd: opts.cwd, logFile: opts.logFile })
  const rpcUrl = `http://${opts.host}:${opts.port}`
  const state = await waitUntilReady(managed, async () => (await rpc(rpcUrl, 'eth_chainId')) !== undefined, 30_000)
  if (state !== 'ready') {
    await managed.stop()
    const why = state === 'exited' ? 'exited during start-up' : 'did not answer within 30 s'
    throw new AnvilStartError(`anvil ${why} (port ${opts.port}). Its last output:\n${managed.tail() || '(none)'}`)
  }
  return { rpcUrl, stop: () => managed.stop(), exited: managed.exited, tail: managed.tail }
}

/**
 * Switches anvil from automine to a block every `seconds` (0 keeps automine). Called after
 * deployment so contracts deploy instantly yet the chain then ticks like a real L1.
 */
export async function setBlockTime(rpcUrl: string, seconds: number): Promise<void> {
  if (seconds > 0) await rpc(rpcUrl, 'evm_setIntervalMining', [seconds])
}
