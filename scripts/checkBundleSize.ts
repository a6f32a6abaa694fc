// Bundle budget (CONVENTIONS.md): the JavaScript a first visit must download before the app
// can run — the entry script and its modulepreloads in dist/index.html — gzipped, summed and
// compared with a budget. Workers, lazy chunks, zkeys and circuit WASM are not initial JS.
// Run after `vite build`; scripts/test-all.sh does.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

/** Budget for the initial JS, gzipped. Raise it only with a reason in the commit message. */
export const INITIAL_JS_BUDGET_BYTES = 250 * 1024

/** Local script URLs the HTML loads up front (module entry and modulepreload links). */
export function initialScripts(html: string): string[] {
  const urls = new Set<string>()
  for (const match of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) if (match[1]) urls.add(match[1])
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) if (match[1]) urls.add(match[1])
  return [...urls].filter((u) => !/^https?:/.test(u))
}

function main(): void {
  const dist = resolve(fileURLToPath(import.meta.url), '..', '..', 'dist')
  const indexHtml = join(dist, 'index.html')
  if (!existsSync(indexHtml)) {
    console.error('dist/index.html not found: run `npm run build` first.')
    process.exit(1)
  }
  let total = 0
  for (const url of initialScripts(readFileSync(indexHtml, 'utf8'))) {
    const size = gzipSync(readFileSync(join(dist, url.replace(/^\//, '')))).length
    total += size
    console.log(`  ${url}  ${(size / 1024).toFixed(1)} KiB gzip`)
  }
  const verdict = total <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER'
  console.log(`initial JS: ${(total / 1024).toFixed(1)} KiB gzip, ${verdict} the ${INITIAL_JS_BUDGET_BYTES / 1024} KiB budget`)
  if (total > INITIAL_JS_BUDGET_BYTES) process.exit(1)
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) main()
