import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { workerOutput } from '../../../vite.config.js'

const here = fileURLToPath(new URL('.', import.meta.url))

/** Where the bench page's build goes (git-ignored). */
export const PROVER_BENCH_DIST = resolve(here, '..', '..', '..', 'dist-prover-bench')

// The browser-prove bench page with the app's worker settings, so what is measured is the
// prover worker the app ships. LANTERN_COI=1 serves it cross-origin isolated (COOP/COEP).
const isolated = process.env.LANTERN_COI === '1'
const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}

export default defineConfig({
  root: here,
  logLevel: 'warn',
  build: { target: 'es2022', outDir: PROVER_BENCH_DIST, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048 },
  worker: { format: 'es', rollupOptions: { output: workerOutput } },
  preview: { host: '127.0.0.1', headers },
})
