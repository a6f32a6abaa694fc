// Serves the web app: Vite's dev server for `npm start` (hot reload), Vite's preview server of
// the built dist/ for e2e (what users get). Both serve the devnet's runtime config at
// /devnet.json from the generated file, so the built app needs no rebuild per devnet.
import { existsSync, readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { Plugin, ViteDevServer, PreviewServer } from 'vite'
import { AppStartError } from './errors'

export const RUNTIME_CONFIG_PATH = '/devnet.json'

/** Vite plugin answering GET /devnet.json with the file the devnet wrote (read per request). */
export function devnetConfigPlugin(file: string): Plugin {
  const middleware = (req: { url?: string }, res: ServerResponse, next: () => void) => {
    if (req.url?.split('?')[0] !== RUNTIME_CONFIG_PATH) return next()
    if (!existsSync(file)) {
      res.statusCode = 404
      res.end()
      return
    }
    res.setHeader('content-type', 'application/json')
    res.setHeader('cache-control', 'no-store')
    res.end(readFileSync(file))
  }
  return {
    name: 'lantern-devnet-config',
    configureServer: (server: ViteDevServer) => void server.middlewares.use(middleware),
    configurePreviewServer: (server: PreviewServer) => void server.middlewares.use(middleware),
  }
}

export type AppServerOptions = {
  mode: 'dev' | 'dist'
  host: string
  port: number
  rootDir: string
  runtimeConfigFile: string
}

export type AppServer = { url: string; stop: () => Promise<void> }

export async function startAppServer(opts: AppServerOptions): Promise<AppServer> {
  // Imported lazily: Vite is large and only needed once we serve.
  const vite = await import('vite')
  const common = {
    root: opts.rootDir,
    configFile: join(opts.rootDir, 'vite.config.ts'),
    logLevel: 'warn' as const,
    clearScreen: false,
    plugins: [devnetConfigPlugin(opts.runtimeConfigFile)],
  }
  const url = `http://${opts.host}:${opts.port}`
  try {
    if (opts.mode === 'dist') {
      if (!existsSync(join(opts.rootDir, 'dist', 'index.html'))) {
        throw new AppStartError('dist/index.html not found: build the app first with `npm run build`.')
      }
      const server = await vite.preview({ ...common, preview: { host: opts.host, port: opts.port, strictPort: true, open: false } })
      return { url, stop: () => server.close() }
    }
    const server = await vite.createServer({ ...common, server: { host: opts.host, port: opts.port, strictPort: true, open: false } })
    await server.listen()
    // Compile the entry now so the first page load after "ready" is quick.
    await server.warmupRequest('/src/app/main.tsx').catch(() => undefined)
    return { url, stop: () => server.close() }
  } catch (err) {
    if (err instanceof AppStartError) throw err
    throw new AppStartError(`The app server failed to start on port ${opts.port}: ${(err as Error).message}`, { cause: err })
  }
}
