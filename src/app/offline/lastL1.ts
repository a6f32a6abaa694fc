// The last L1 state this browser saw, kept in localStorage so an offline start can show it with
// its age instead of a blank "…". Small, synchronous (the first render needs it at once).

export type LastL1 = { chainId: number; blockNumber: string; seenAt: number }

const KEY = 'lantern.lastL1'

/** The last L1 block seen on this chain, or undefined. */
export function readLastL1(chainId: number, storage: Pick<Storage, 'getItem'> = localStorage): LastL1 | undefined {
  try {
    const raw = storage.getItem(KEY)
    if (!raw) return undefined
    const parsed = JSON.parse(raw) as Partial<LastL1>
    if (parsed.chainId !== chainId || typeof parsed.blockNumber !== 'string' || typeof parsed.seenAt !== 'number') return undefined
    return parsed as LastL1
  } catch {
    return undefined
  }
}

/** Records a live L1 block. */
export function saveLastL1(value: LastL1, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(value))
  } catch {
    // Storage full or disabled: the offline view will only lack the last block.
  }
}

/** "12 s ago", "5 min ago", "3 h ago", "2 days ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s ago`
  const min = Math.round(s / 60)
  if (min < 60) return `${min} min ago`
  const h = Math.round(min / 60)
  if (h < 48) return `${h} h ago`
  return `${Math.round(h / 24)} days ago`
}
