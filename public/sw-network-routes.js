// Imported by the generated service worker (vite.config.ts, workbox.importScripts).
//
// The worker serves the app shell and the circuit artifacts, all GET. JSON-RPC to L1 and to the
// relay is POST and never cached, so the page's requests go straight to the network with the
// static routing API: no worker wake-up per request, and the old worker can go idle, which
// Chromium waits for before an accepted update takes over. (Chromium applies these routes to
// pages, not to dedicated workers: the light node's workers are stopped before an update instead,
// see src/app/pwa/registerServiceWorker.ts.) Browsers without event.addRoutes route every request
// through the worker as before.
self.addEventListener('install', (event) => {
  if (typeof event.addRoutes !== 'function') return
  event.waitUntil(
    event.addRoutes([{ condition: { requestMethod: 'POST' }, source: 'network' }]).catch((error) => {
      console.warn('service worker: static routes not added', error)
    }),
  )
})
