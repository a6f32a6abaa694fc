/**
 * Node-side driver of the built light node page (e2e/pages/lightNode/): builds it with Vite once
 * per process into a temporary directory and serves it on loopback. A built page never reloads
 * itself, unlike a dev server discovering a worker's dependency late.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { workerOutput } from '../../vite.config.js'

const ROOT = fileURLToPath(new URL('./lightNode/', import.meta.url))
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
}

let built: Promise<string> | undefined

/** Builds the page once per process; resolves to the output directory. */
export function buildLightNodePage(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'lantern-node-page-'))
    // The app's worker settings, so the chunks are the ones the app ships.
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      build: { target: 'es2022', outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048 },
      worker: { format: 'es', rollupOptions: { output: workerOutput } },
    })
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }))
    return outDir
  })()
  return built
}

export type LightNodePage = { origin: string; url: string; close(): Promise<void> }

/** Serves the built page on a free loopback port. */
export async function serveLightNodePage(): Promise<LightNodePage> {
  const dir = await buildLightNodePage()
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!))
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the page server has no port')
  const origin = `http://127.0.0.1:${address.port}`
  return {
    origin,
    url: `${origin}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
