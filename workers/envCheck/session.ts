/**
 * Node-side driver of the environment check (used by e2e/worker-env.spec.ts and the browser
 * benchmarks): builds the page and worker with Vite, serves them on loopback, opens them in
 * headless Chromium, and relays JSON commands to fresh workers. Also makes the real proof the
 * checks verify, from the committed zkey, once per process.
 */
import { type Browser, type Page, chromium } from '@playwright/test'
import * as snarkjs from 'snarkjs'
import { type PreviewServer, build, preview } from 'vite'
import { batch1Items, batch2Items } from '../../circuits/testing/scenario.js'
import { ARTIFACT_PATHS } from '../../circuits/tooling/paths.js'
import { MemoryStore, executeBatch, loadCrypto } from '../../src/protocol/index.js'
import { context } from '../../src/protocol/testing/fixtures.js'
import { type Groth16Proof, parseGroth16Proof, releaseCurve } from '../../src/prover/index.js'
import { type BatchJob, type EnvCommand, type EnvResponse, fromJson, toJson } from './messages.js'

const CONFIG = 'workers/envCheck/vite.config.ts'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

type EnvCheckGlobal = { envCheck: { start(): Promise<number>; send(id: number, command: string): Promise<string>; stop(id: number): void } }

export type EnvCheckSession = {
  page: Page
  /** Starts a fresh worker (its module loaded, nothing initialised) and returns its id. */
  startWorker(): Promise<number>
  stopWorker(id: number): Promise<void>
  send(id: number, command: EnvCommand): Promise<EnvResponse>
  close(): Promise<void>
}

let built: Promise<unknown> | undefined

/** Builds once per process (dist-env-check/), then serves it and opens it in Chromium. */
export async function openEnvCheck(chromiumPath = process.env.LANTERN_CHROMIUM_PATH ?? '/usr/bin/chromium'): Promise<EnvCheckSession> {
  built ??= build({ configFile: CONFIG })
  await built
  const server: PreviewServer = await preview({ configFile: CONFIG, preview: { port: 0, host: '127.0.0.1' } })
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS })
    const page = await browser.newPage()
    page.on('pageerror', (error) => console.error('env-check page error:', error))
    await page.goto(server.resolvedUrls!.local[0]!)
    await page.waitForFunction(() => document.body.dataset.ready === 'true')
    const opened = browser
    return {
      page,
      startWorker: () => page.evaluate(() => (globalThis as never as EnvCheckGlobal).envCheck.start()),
      stopWorker: (id) => page.evaluate((i) => (globalThis as never as EnvCheckGlobal).envCheck.stop(i), id),
      async send(id, command) {
        const text = await page.evaluate(([i, c]) => (globalThis as never as EnvCheckGlobal).envCheck.send(i, c), [id, toJson(command)] as const)
        const response = fromJson<EnvResponse>(text)
        if (response.kind === 'error') throw new Error(`env-check worker: ${response.error}: ${response.message}`)
        return response
      },
      async close() {
        await opened.close()
        await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
      },
    }
  } catch (error) {
    await browser?.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
    throw error
  }
}

/** Two batches from genesis (the circuit tests' scenario), executed in Node. */
export type ExecutedScenario = { batches: BatchJob[]; newStateRoots: bigint[]; circuitInput: Record<string, unknown> }

let scenario: Promise<ExecutedScenario> | undefined

/** The scenario's batches and the roots Node reaches, computed once per process. */
export function executedScenario(): Promise<ExecutedScenario> {
  scenario ??= (async () => {
    await loadCrypto()
    const store = new MemoryStore()
    const firstJob: BatchJob = { context: context(1n, 0), items: batch1Items() }
    const first = await executeBatch(store, firstJob.context, firstJob.items)
    const secondJob: BatchJob = { context: context(2n, 2), items: batch2Items() }
    const second = await executeBatch(store, secondJob.context, secondJob.items)
    return { batches: [firstJob, secondJob], newStateRoots: [first.newStateRoot, second.newStateRoot], circuitInput: second.circuitInput }
  })()
  return scenario
}

let realProof: Promise<{ proof: Groth16Proof; publicSignals: bigint[] }> | undefined

/**
 * A real proof of the scenario's second batch, from the committed witness generator and zkey
 * (≈ 15–30 s, once per process). Its public signals are whatever the circuit exposes.
 */
export function realBatchProof(): Promise<{ proof: Groth16Proof; publicSignals: bigint[] }> {
  realProof ??= (async () => {
    const { circuitInput } = await executedScenario()
    const result = await snarkjs.groth16.fullProve(circuitInput, ARTIFACT_PATHS.wasm, ARTIFACT_PATHS.zkey)
    await releaseCurve()
    return { proof: parseGroth16Proof(result.proof), publicSignals: result.publicSignals.map(BigInt) }
  })()
  return realProof
}
