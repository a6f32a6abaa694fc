import { useSyncExternalStore } from 'react'
import { acceptUpdate, dismissUpdate, serviceWorkerState, subscribeServiceWorker } from '../pwa/registerServiceWorker'

/** Shown when a new version of the app is installed and waiting; nothing changes until the user says so. */
export function UpdatePrompt() {
  const sw = useSyncExternalStore(subscribeServiceWorker, serviceWorkerState)
  if (!sw.updateWaiting) return null
  return (
    <div className="card update" role="status" data-testid="update-prompt">
      <p>
        A new version of Lantern is ready. Reload to use it; anything you are typing here is lost on reload,
        signed transactions in the outbox are kept.
      </p>
      <div className="row">
        <button type="button" data-testid="update-accept" onClick={() => void acceptUpdate()} disabled={sw.updating}>
          {sw.updating ? 'Updating…' : 'Reload and update'}
        </button>
        <button type="button" className="secondary" onClick={dismissUpdate} disabled={sw.updating}>
          Later
        </button>
      </div>
    </div>
  )
}
