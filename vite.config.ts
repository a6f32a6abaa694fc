import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * Worker chunks are named `worker-…` so scripts/checkBundleSize.ts can hold each to the
 * worker-chunk budget (workbox will not precache a file over 2 MiB).
 */
export const workerOutput = {
  entryFileNames: 'assets/worker-[name]-[hash].js',
  chunkFileNames: 'assets/worker-[name]-[hash].js',
  assetFileNames: 'assets/worker-[name]-[hash][extname]',
}

// The web app. The devnet (scripts/devnet/appServer.ts) adds a plugin serving /devnet.json,
// the runtime network config, to both the dev server and the preview of the built app.
export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: true,
    // The real limit is the initial-JS budget enforced by scripts/checkBundleSize.ts.
    chunkSizeWarningLimit: 1024,
  },
  // Workers are ES modules in their own chunks (CONVENTIONS.md: never in the main chunk).
  worker: { format: 'es', rollupOptions: { output: workerOutput } },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
