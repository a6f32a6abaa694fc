import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

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
  plugins: [
    react(),
    // Service worker: Workbox `generateSW`, plus one imported script (public/sw-network-routes.js)
    // that sends POSTs straight to the network. It precaches the
    // app shell only; circuit WASM and zkeys are far too big to download on install and are
    // cached on first use instead. `registerType: 'prompt'` makes the new worker wait: the page
    // registers it with workbox-window (src/app/pwa/registerServiceWorker.ts) and asks the user
    // before activating it, so an open page never changes code under its feet.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      // public/manifest.webmanifest is the manifest (linked from index.html).
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['**/*.zkey', '**/*.wasm', '**/*.map'],
        navigateFallback: '/index.html',
        // /devnet.json is the live network config, never served from cache by the worker (the
        // app keeps its own last copy for offline starts).
        navigateFallbackDenylist: [/^\/devnet\.json/],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => /\.(zkey|wasm)$/.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'lantern-circuit-artifacts', expiration: { maxEntries: 8 } },
          },
        ],
        // POST (JSON-RPC) bypasses the worker: see public/sw-network-routes.js.
        importScripts: ['/sw-network-routes.js'],
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
      },
    }),
  ],
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: true,
    // The real limit is the initial-JS budget enforced by scripts/checkBundleSize.ts.
    chunkSizeWarningLimit: 1024,
  },
  // Workers are ES modules in their own chunks, never in the main chunk.
  worker: { format: 'es', rollupOptions: { output: workerOutput } },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
