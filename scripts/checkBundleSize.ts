// Bundle budgets, checked after `vite build` (scripts/test-all.sh runs it):
// - initial JS: what a first visit must download before the app can run — the entry script and
//   its modulepreloads in dist/index.html — gzipped, summed and compared with a budget.
// - worker chunks: every file a worker loads (Vite names them `assets/worker-…`, see
//   vite.config.ts), each held to a budget in raw bytes, because the offline app precaches
//   them and workbox refuses to precache any file over 2 MiB (its default
//   maximumFileSizeToCacheInBytes). zkeys and circuit WASM are fetched on demand, not checked.
// `npm run check:bundle [distDir…]` (default dist/); a dist without index.html (a worker-only
// build) is checked for worker chunks only.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

/** Budget for the initial JS, gzipped. Raise it only with a reason in the commit message. */
export const INITIAL_JS_BUDGET_BYTES = 250 * 1024

/**
 * Budget for each worker chunk, raw (minified, not gzipped: what workbox compares). The node
 * and verifier workers with src/protocol, src/prover and snarkjs measure ≈ 0.5 MB today;
 * 1 MiB leaves room and stays well under workbox's 2 MiB limit. Raise it only with a reason.
 */
export const WORKER_CHUNK_BUDGET_BYTES = 1024 * 1024

/** Workbox's default precache limit: a worker chunk above it could never be precached. */
export const WORKBOX_PRECACHE_LIMIT_BYTES = 2 * 1024 * 1024

/** Local script URLs the HTML loads up front (module entry and modulepreload links). */
export function initialScripts(html: string): string[] {
  const urls = new Set<string>()
  for (const match of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) if (match[1]) urls.add(match[1])
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) if (match[1]) urls.add(match[1])
  return [...urls].filter((u) => !/^https?:/.test(u))
}

/** One worker chunk, its sizes, and whether it is within the worker-chunk budget. */
export type WorkerChunk = { file: string; bytes: number; gzipBytes: number; withinBudget: boolean }

/** Every worker chunk of a build (`assets/worker-*.js`), with its raw and gzipped size. */
export function workerChunks(dist: string, budget = WORKER_CHUNK_BUDGET_BYTES): WorkerChunk[] {
  const assets = join(dist, 'assets')
  if (!existsSync(assets)) return []
  return readdirSync(assets)
    .filter((name) => name.startsWith('worker-') && name.endsWith('.js'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(assets, name))
      return { file: `assets/${name}`, bytes: bytes.length, gzipBytes: gzipSync(bytes).length, withinBudget: bytes.length <= Math.min(budget, WORKBOX_PRECACHE_LIMIT_BYTES) }
    })
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

function checkDist(dist: string): boolean {
  let ok = true
  const indexHtml = join(dist, 'index.html')
  if (existsSync(indexHtml)) {
    let total = 0
    for (const url of initialScripts(readFileSync(indexHtml, 'utf8'))) {
      const size = gzipSync(readFileSync(join(dist, url.replace(/^\//, '')))).length
      total += size
      console.log(`  ${url}  ${kib(size)} gzip`)
    }
    const verdict = total <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER'
    console.log(`initial JS: ${kib(total)} gzip, ${verdict} the ${INITIAL_JS_BUDGET_BYTES / 1024} KiB budget`)
    ok = total <= INITIAL_JS_BUDGET_BYTES
  }
  const chunks = workerChunks(dist)
  for (const chunk of chunks) {
    console.log(`  ${chunk.file}  ${kib(chunk.bytes)} (${kib(chunk.gzipBytes)} gzip)${chunk.withinBudget ? '' : '  OVER'}`)
  }
  const over = chunks.filter((c) => !c.withinBudget)
  console.log(`worker chunks: ${chunks.length}, ${over.length === 0 ? 'each within' : `${over.length} OVER`} the ${kib(WORKER_CHUNK_BUDGET_BYTES)} budget per chunk`)
  return ok && over.length === 0
}

function main(): void {
  const root = resolve(fileURLToPath(import.meta.url), '..', '..')
  const dists = process.argv.slice(2).length > 0 ? process.argv.slice(2).map((d) => resolve(d)) : [join(root, 'dist')]
  let ok = true
  for (const dist of dists) {
    if (!existsSync(dist)) {
      console.error(`${dist} not found: run \`npm run build\` first.`)
      process.exit(1)
    }
    console.log(`${dist}:`)
    ok = checkDist(dist) && ok
  }
  if (!ok) process.exit(1)
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) main()
