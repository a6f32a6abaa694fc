// Child processes of the devnet: spawned in their own process group (so Ctrl-C reaches the
// devnet first and it stops them in order), logged to a file, and killed on our own exit even
// when the devnet crashes.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createWriteStream } from 'node:fs'

const running = new Set<ChildProcess>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL')
  })
}

export type Managed = {
  child: ChildProcess
  /** The last lines the process printed (stdout and stderr), for error messages. */
  tail: () => string
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop: (graceMs?: number) => Promise<void>
}

export function spawnManaged(
  command: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; logFile: string; echo?: (line: string) => void; ipc?: boolean },
): Managed {
  installExitHook()
  const spawnOpts: SpawnOptions = {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  }
  const child = spawn(command, args, spawnOpts)
  running.add(child)
  const log = createWriteStream(opts.logFile, { flags: 'w' })
  const lines: string[] = []
  const pushLine = (line: string) => {
    if (line.trim() === '') return
    lines.push(line)
    if (lines.length > 40) lines.shift()
    opts.echo?.(line)
  }
  // Chunks do not end on line boundaries: keep each stream's unfinished line until it does.
  const lineReader = () => {
    let partial = ''
    return {
      data: (chunk: Buffer) => {
        log.write(chunk)
        const parts = (partial + chunk.toString('utf8')).split('\n')
        partial = parts.pop() ?? ''
        parts.forEach(pushLine)
      },
      flush: () => {
        pushLine(partial)
        partial = ''
      },
    }
  }
  const out = lineReader()
  const err = lineReader()
  child.stdout?.on('data', out.data)
  child.stderr?.on('data', err.data)

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      out.flush()
      err.flush()
      running.delete(child)
      log.end()
      resolve({ code, signal })
    }
    child.once('close', done)
    child.once('error', () => done(null, null))
  })

  let exitedYet = false
  void exited.then(() => {
    exitedYet = true
  })

  return {
    child,
    tail: () => lines.join('\n'),
    exited,
    stop: async (graceMs = 5_000) => {
      if (exitedYet || child.exitCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Polls `probe` until it returns true, the process exits, or `timeoutMs` passes. */
export async function waitUntilReady(
  managed: Managed,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<'ready' | 'exited' | 'timeout'> {
  let exited = false
  void managed.exited.then(() => {
    exited = true
  })
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exited) return 'exited'
    if (await probe().catch(() => false)) return 'ready'
    await new Promise((r) => setTimeout(r, 100))
  }
  return 'timeout'
}
