// A private copy of the built app (dist/) on its own port, so a test can change the files it
// serves — e.g. publish a new service worker while a page is open — without touching the shared
// devnet's app server. /devnet.json is the devnet's runtime config, as the real server serves it.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { rootDir } from '../scripts/devnet/startDevnet'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
}

export type StaticApp = {
  url: string
  dir: string
  /** Changes sw.js byte-wise: the browser sees a new service worker on its next update check. */
  publishNewServiceWorker: () => void
  stop: () => Promise<void>
}

export async function startStaticApp(runtimeConfigFile: string): Promise<StaticApp> {
  const dist = join(rootDir, 'dist')
  if (!existsSync(join(dist, 'sw.js'))) throw new Error('dist/sw.js not found: run `npm run build` first')
  const dir = mkdtempSync(join(tmpdir(), 'lantern-app-'))
  cpSync(dist, dir, { recursive: true })
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!))
    if (path === '/devnet.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(readFileSync(runtimeConfigFile))
      return
    }
    let file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) file = join(dir, 'index.html')
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  let version = 0
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    publishNewServiceWorker: () => appendFileSync(join(dir, 'sw.js'), `\n// test update ${++version}\n`),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
