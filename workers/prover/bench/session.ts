/**
 * Node-side driver of the prover bench page: builds it with Vite, serves it on loopback, opens
 * it in headless Chromium and proves circuit inputs in the app's prover worker.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { type Browser, type Page, chromium } from '@playwright/test'
import { type PreviewServer, build, preview } from 'vite'
import type { ProveRequest, ProveResponse } from '../proverApi.js'

const CONFIG = 'workers/prover/bench/vite.config.ts'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

type BenchGlobal = {
  proverBench: {
    prove(input: string, options: Pick<ProveRequest, 'threads' | 'zkeyFrom'>): Promise<string>
    restart(): void
    clearCache(): Promise<void>
    hardwareConcurrency: number
    crossOriginIsolated: boolean
  }
}

export type BrowserProveResult = ProveResponse & { phases: string[] }

export type ProverBenchSession = {
  page: Page
  prove(circuitInput: unknown, options?: Pick<ProveRequest, 'threads' | 'zkeyFrom'>): Promise<BrowserProveResult>
  /** A fresh worker: nothing in memory (Cache Storage kept). */
  restart(): Promise<void>
  clearCache(): Promise<void>
  environment(): Promise<{ hardwareConcurrency: number; crossOriginIsolated: boolean }>
  /**
   * CPU time (user + system, ms) used so far by every process of this Chromium (Linux /proc):
   * unlike wall time it hardly depends on what else the shared machine runs.
   */
  cpuMs(): number
  close(): Promise<void>
}

let built: Promise<unknown> | undefined

const json = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))

/** Builds once per process, serves the build and opens it; `extraArgs` are added to Chromium's flags (for diagnosis). */
export async function openProverBench(options: { extraArgs?: string[]; chromiumPath?: string } = {}): Promise<ProverBenchSession> {
  built ??= build({ configFile: CONFIG })
  await built
  const server: PreviewServer = await preview({ configFile: CONFIG, preview: { port: 0, host: '127.0.0.1' } })
  let browser: Browser | undefined
  const closeServer = () => new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  try {
    browser = await chromium.launch({
      executablePath: options.chromiumPath ?? process.env.LANTERN_CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    })
    const page = await browser.newPage()
    page.on('pageerror', (error) => console.error('prover bench page error:', error))
    await page.goto(server.resolvedUrls!.local[0]!)
    await page.waitForFunction(() => document.body.dataset.ready === 'true')
    const opened = browser
    return {
      page,
      async prove(circuitInput, proveOptions = {}) {
        const text = await page.evaluate(([input, o]) => (globalThis as never as BenchGlobal).proverBench.prove(input, o), [json(circuitInput), proveOptions] as const)
        return JSON.parse(text) as BrowserProveResult
      },
      restart: () => page.evaluate(() => (globalThis as never as BenchGlobal).proverBench.restart()),
      clearCache: () => page.evaluate(() => (globalThis as never as BenchGlobal).proverBench.clearCache()),
      environment: () =>
        page.evaluate(() => {
          const b = (globalThis as never as BenchGlobal).proverBench
          return { hardwareConcurrency: b.hardwareConcurrency, crossOriginIsolated: b.crossOriginIsolated }
        }),
      // Playwright starts Chromium as a child of this process: its descendants are the browser's processes (and an idle esbuild).
      cpuMs: () => descendantsCpuMs(process.pid),
      async close() {
        await opened.close()
        await closeServer()
      },
    }
  } catch (error) {
    await browser?.close()
    await closeServer()
    throw error
  }
}

/** Linux's USER_HZ (clock ticks per second in /proc/<pid>/stat), 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100

/** CPU ms (utime + stime) of every descendant of `root` (not `root` itself), from /proc. */
export function descendantsCpuMs(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    // Fields after the parenthesised command name: state ppid … utime(14) stime(15), 1-based.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) })
  }
  const inTree = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid ?? 0, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.ppid ?? 0, hops++) if (p === root) return true
    return false
  }
  let ticks = 0
  for (const [pid, { ticks: t }] of stats) if (inTree(pid)) ticks += t
  return (ticks * 1000) / TICKS_PER_SECOND
}
