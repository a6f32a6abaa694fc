import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { workerOutput } from '../../vite.config.js'

const here = fileURLToPath(new URL('.', import.meta.url))

/** Where the environment-check build goes (git-ignored, outside the app's dist/). */
export const ENV_CHECK_DIST = resolve(here, '..', '..', 'dist-env-check')

// The page and module worker of the browser environment check: the same worker settings as
// the app's build, so the chunks measured here are what the app's workers will ship.
export default defineConfig({
  root: here,
  logLevel: 'warn',
  build: { target: 'es2022', outDir: ENV_CHECK_DIST, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048 },
  worker: { format: 'es', rollupOptions: { output: workerOutput } },
  preview: { host: '127.0.0.1' },
})
