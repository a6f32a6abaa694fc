// A private anvil per test file: a free port, `--silent`, killed (with its whole process group) in
// afterAll. Tests then isolate themselves with evm_snapshot / evm_revert rather than restarting it.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

export type TestAnvil = { rpcUrl: string; port: number; stop: () => Promise<void> }

export class AnvilStartError extends Error {
  override name = 'AnvilStartError'
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1_000),
    })
    return res.ok
  } catch {
    return false
  }
}

/**
 * Starts `node_modules/.bin/anvil --port <free> --silent` and waits until it answers eth_chainId.
 * `unref`: do not keep the Node process alive for anvil's sake (scripts without a teardown hook);
 * anvil is killed when the process exits either way.
 */
export async function startAnvil(extraArgs: string[] = [], options: { unref?: boolean } = {}): Promise<TestAnvil> {
  const port = await freePort()
  const rpcUrl = `http://127.0.0.1:${port}`
  // detached: anvil gets its own process group, so stop() also ends the binary the npm wrapper spawns.
  const child: ChildProcess = spawn(
    join(rootDir, 'node_modules/.bin/anvil'),
    ['--port', String(port), '--silent', ...extraArgs],
    { cwd: rootDir, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000)
  })
  let exited = false
  const killOnExit = () => {
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }
  process.once('exit', killOnExit)
  child.once('exit', () => {
    exited = true
    process.off('exit', killOnExit)
  })
  if (options.unref) {
    child.unref()
    ;(child.stderr as { unref?: () => void } | null)?.unref?.()
  }

  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return
    const gone = new Promise<void>((r) => child.once('exit', () => r()))
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      return
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))])
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }

  const started = Date.now()
  while (Date.now() - started < 30_000) {
    if (exited) throw new AnvilStartError(`anvil exited during start-up on port ${port}: ${stderr || '(no output)'}`)
    if (await answers(rpcUrl)) return { rpcUrl, port, stop }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new AnvilStartError(`anvil did not answer on port ${port} within 30 s: ${stderr || '(no output)'}`)
}
