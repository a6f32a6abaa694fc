// Registers the Workbox service worker with workbox-window and exposes "an update is waiting"
// to React. The new worker never takes over an open page by itself (no skipWaiting in the
// worker): the user accepts, the page tells the waiting worker to skip waiting, and reloads once
// it controls the page.
import { Workbox } from 'workbox-window'

type Listener = () => void

export type ServiceWorkerState = {
  /** `unsupported`: no service worker (dev server, old browser); `registered`: the shell is cached. */
  status: 'unsupported' | 'registering' | 'registered' | 'failed'
  updateWaiting: boolean
  /** The user accepted the update: the page reloads once the new worker controls it. */
  updating: boolean
}

let state: ServiceWorkerState = { status: 'unsupported', updateWaiting: false, updating: false }
let workbox: Workbox | undefined
const listeners = new Set<Listener>()

function set(next: Partial<ServiceWorkerState>): void {
  state = { ...state, ...next }
  for (const l of listeners) l()
}

/** Registers /sw.js (production builds only: the dev server has no worker). Idempotent. */
export function registerServiceWorker(): void {
  if (workbox || !import.meta.env.PROD || !('serviceWorker' in navigator)) return
  workbox = new Workbox('/sw.js')
  set({ status: 'registering' })
  workbox.addEventListener('waiting', () => set({ updateWaiting: true }))
  // After the user accepted: the new worker controls the page, reload once onto the new code.
  workbox.addEventListener('controlling', (event) => {
    if (event.isUpdate) reloadOnce()
  })
  workbox.register().then(
    () => set({ status: 'registered' }),
    () => set({ status: 'failed' }),
  )
}

let reloading = false
function reloadOnce(): void {
  if (reloading) return
  reloading = true
  window.location.reload()
}

const beforeUpdate = new Set<() => Promise<void>>()

/**
 * Registers work to stop before an accepted update activates: the light node's workers. Chromium
 * activates a skip-waiting worker only once the old one is idle, and the node's polling through it
 * (a request every second or two) would postpone that by up to five minutes.
 */
export function onBeforeUpdate(stop: () => Promise<void>): void {
  beforeUpdate.add(stop)
}

/** How long the page waits for the new worker to take over before it reloads anyway. */
const TAKEOVER_TIMEOUT_MS = 10_000

/**
 * The user accepted the update: stop this tab's workers, activate the waiting worker, and reload
 * once it controls the page. Should it not take over in time (another tab keeps the old worker
 * busy), the page reloads anyway: the update prompt comes back until the new worker is active.
 */
export async function acceptUpdate(): Promise<void> {
  // workbox-window reports `controlling` only for the worker it saw install; the page's own
  // controllerchange covers an update found by another tab or an explicit registration.update().
  navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true })
  set({ updating: true })
  setTimeout(reloadOnce, TAKEOVER_TIMEOUT_MS)
  await Promise.allSettled([...beforeUpdate].map((stop) => stop()))
  workbox?.messageSkipWaiting()
}

/** The user postponed: hide the prompt; the update activates once every tab of the app is closed. */
export function dismissUpdate(): void {
  set({ updateWaiting: false })
}

export function subscribeServiceWorker(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function serviceWorkerState(): ServiceWorkerState {
  return state
}
