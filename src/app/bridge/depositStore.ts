// Deposits this browser sent, persisted in localStorage so the tracker survives a reload: the
// L1 facts (tx hash, block, op index, deadline) are re-read from L1 on resume, never trusted
// from storage alone. Times are when this browser first saw each step.

export type DepositRecord = {
  /** The L1 transaction hash. */
  id: `0x${string}`
  chainId: number
  rollup: `0x${string}`
  from: `0x${string}`
  recipient: `0x${string}`
  amountWei: string
  sentAt: number
  minedAt?: number
  minedBlock?: string
  /** From PriorityOpQueued in the receipt. */
  opIndex?: number
  deadlineBlock?: string
  queuedAt?: number
  /** The Rollup's sequencedPriorityOpsEnd passed the op: its batch data is on L1. */
  virtualAt?: number
  /** verifiedPriorityOpsEnd passed the op: its batch is proven on L1. */
  provenAt?: number
  /** Frozen mode: refunded by Bridge.refundDeposit. */
  refundedAt?: number
  failed?: string
}

type Listener = () => void
const KEY = 'lantern.deposits'
const listeners = new Set<Listener>()
let cache: DepositRecord[] | undefined

function load(): DepositRecord[] {
  if (cache) return cache
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown
    cache = Array.isArray(parsed) ? (parsed as DepositRecord[]) : []
  } catch {
    cache = []
  }
  return cache
}

function save(next: DepositRecord[]): void {
  cache = next
  try {
    localStorage.setItem(KEY, JSON.stringify(next))
  } catch {
    // Storage unavailable: the tracker still works until the page closes.
  }
  for (const l of listeners) l()
}

export function listDeposits(): DepositRecord[] {
  return load()
}

export function addDeposit(record: DepositRecord): void {
  save([record, ...load().filter((d) => d.id !== record.id)])
}

export function updateDeposit(id: string, patch: Partial<DepositRecord>): void {
  const current = load()
  if (!current.some((d) => d.id === id)) return
  save(current.map((d) => (d.id === id ? { ...d, ...patch } : d)))
}

export function subscribeDeposits(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

// Another tab of the app sent or advanced a deposit.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key !== KEY) return
    cache = undefined
    for (const l of listeners) l()
  })
}
