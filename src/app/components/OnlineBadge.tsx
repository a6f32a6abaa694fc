import { useSyncExternalStore } from 'react'

function subscribe(listener: () => void): () => void {
  window.addEventListener('online', listener)
  window.addEventListener('offline', listener)
  return () => {
    window.removeEventListener('online', listener)
    window.removeEventListener('offline', listener)
  }
}

export function OnlineBadge() {
  const online = useSyncExternalStore(subscribe, () => navigator.onLine)
  return (
    <span className={`pill ${online ? 'ok' : 'bad'}`} role="status" data-testid="online-state">
      {online ? 'online' : 'offline: showing the last known state'}
    </span>
  )
}
