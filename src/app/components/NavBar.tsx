export const ROUTES = [
  { id: 'account', label: 'Account' },
  { id: 'bridge', label: 'Bridge' },
  { id: 'pay', label: 'Pay' },
  { id: 'withdraw', label: 'Withdraw' },
  { id: 'batches', label: 'Batches' },
  { id: 'node', label: 'Node' },
  { id: 'history', label: 'History' },
] as const

export type Route = (typeof ROUTES)[number]['id']

export function routeFromHash(hash: string): Route {
  const id = hash.replace(/^#\/?/, '')
  return ROUTES.find((r) => r.id === id)?.id ?? 'account'
}

/** Plain links (keyboard and screen-reader friendly); the current one is marked aria-current. */
export function NavBar({ current }: { current: Route }) {
  return (
    <nav className="nav" aria-label="Screens">
      <ul>
        {ROUTES.map((r) => (
          <li key={r.id}>
            <a href={`#/${r.id}`} aria-current={r.id === current ? 'page' : undefined} data-testid={`nav-${r.id}`}>
              {r.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
