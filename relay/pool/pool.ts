// The transaction pool: admission rules, an in-memory index over the durable pool table, and
// group commit (every submission arriving in the same turn of the event loop is written in one
// SQLite transaction; each is acknowledged only after that transaction is on disk).
//
// Admission, in order: structure (parseL2Tx, done by the caller), fee floor, sender exists and
// has a key, nonce not used (trusted state) and not too far ahead, replacement rule for a
// pooled (sender, nonce), balance covers amount + fee, the signature verifies for the sender's
// key on this network, per-account and global limits. The sequencer re-checks every rule when
// it executes (a tx the executor refuses is dropped, never included).
import type { Account } from '../../src/protocol/account'
import { hasL2Key, isEmptyAccount } from '../../src/protocol/account'
import {
  AccountKeyNotSetError,
  InsufficientBalanceError,
  InvalidSignatureError,
  UnknownAccountError,
  WrongChainError,
} from '../../src/protocol/errors'
import { type Hex, toBytes32Hex } from '../../src/protocol/field'
import { type ChainDomain, type SignedL2Tx, txHashInputs } from '../../src/protocol/tx/l2Tx'
import { FeeTooLowError, NonceGapError, NonceTooLowError, PoolFullError, ReplacementUnderpricedError } from '../../src/rpc/errors'
import type { PooledTx } from '../store/records'
import { inlineSignatureChecker, type SignatureChecker } from '../sigcheck/signatureChecker'
import type { RelayStorage } from '../store/relayStorage'

export type PoolConfig = {
  maxPoolSize: number
  maxPerAccount: number
  /** How far beyond the sender's next nonce a transaction may be queued. */
  maxNonceGap: number
  /** Fee floor, gwei. */
  minFee: bigint
  /** A replacement must pay at least this many percent more (and at least 1 gwei more). */
  replacementBumpPercent: number
  /** Pooled transactions older than this are dropped. */
  txTtlMs: number
  /** Other deployments a bad signature is tested against, to report WrongChainError. */
  otherDomains?: readonly ChainDomain[]
}

export const DEFAULT_POOL_CONFIG: PoolConfig = {
  maxPoolSize: 10_000,
  maxPerAccount: 64,
  maxNonceGap: 16,
  minFee: 1n,
  replacementBumpPercent: 10,
  txTtlMs: 3_600_000,
}

/** How long the pool collects admitted transactions before writing them in one commit. */
const GROUP_COMMIT_WINDOW_MS = 3

export type SubmitResult = { hash: Hex; status: 'pending' | 'queued'; replaced: Hex | null }

type Entry = PooledTx & { durable: boolean; ready?: Promise<void> }

export type PoolDeps = {
  storage: RelayStorage
  domain: ChainDomain
  /** The sender's account in trusted state. */
  account: (index: number) => Promise<Account>
  config: PoolConfig
  now?: () => number
  /** Where signatures are checked (default: in this thread). */
  signatures?: SignatureChecker
}

export class Pool {
  private readonly byHash = new Map<Hex, Entry>()
  private readonly bySender = new Map<number, Map<bigint, Entry>>()
  private writes: { add: Entry[]; remove: Hex[]; waiters: { resolve: () => void; reject: (err: unknown) => void }[] } | undefined
  /** Submissions still being checked, by the fields their hash covers: the same transaction sent twice meanwhile gets the first one's answer. */
  private readonly admitting = new Map<string, Promise<SubmitResult>>()
  private readonly listeners = new Set<() => void>()
  readonly config: PoolConfig
  private readonly now: () => number
  private readonly signatures: SignatureChecker

  private constructor(private readonly deps: PoolDeps) {
    this.config = deps.config
    this.now = deps.now ?? Date.now
    this.signatures = deps.signatures ?? inlineSignatureChecker()
  }

  /** Loads the durable pool. */
  static async open(deps: PoolDeps): Promise<Pool> {
    const pool = new Pool(deps)
    for (const tx of await deps.storage.loadPool()) pool.index({ ...tx, durable: true })
    return pool
  }

  private index(entry: Entry): void {
    if (entry.durable) this.durableCount++
    this.byHash.set(entry.hash, entry)
    let nonces = this.bySender.get(entry.tx.from)
    if (!nonces) this.bySender.set(entry.tx.from, (nonces = new Map()))
    nonces.set(entry.tx.nonce, entry)
  }

  private unindex(hash: Hex): Entry | undefined {
    const entry = this.byHash.get(hash)
    if (!entry) return undefined
    if (entry.durable) this.durableCount--
    this.byHash.delete(hash)
    const nonces = this.bySender.get(entry.tx.from)
    if (nonces?.get(entry.tx.nonce) === entry) nonces.delete(entry.tx.nonce)
    if (nonces?.size === 0) this.bySender.delete(entry.tx.from)
    return entry
  }

  /** Called after every change that can make a transaction executable. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get size(): number {
    return this.byHash.size
  }

  /** Pooled transactions already on disk: the only ones the sequencer may take. */
  get durableSize(): number {
    return this.durableCount
  }

  private durableCount = 0

  get(hash: Hex): PooledTx | undefined {
    return this.byHash.get(hash.toLowerCase() as Hex)
  }

  /** The durable pooled transaction of `from` with `nonce`, if any. */
  executable(from: number, nonce: bigint): PooledTx | undefined {
    const entry = this.bySender.get(from)?.get(nonce)
    return entry?.durable ? entry : undefined
  }

  /** Senders with durable transactions, those with the oldest lowest-nonce transaction first. */
  senders(): { from: number; lowestNonce: bigint; receivedAt: number }[] {
    const out: { from: number; lowestNonce: bigint; receivedAt: number }[] = []
    for (const [from, nonces] of this.bySender) {
      let lowest: Entry | undefined
      for (const entry of nonces.values()) if (entry.durable && (!lowest || entry.tx.nonce < lowest.tx.nonce)) lowest = entry
      if (lowest) out.push({ from, lowestNonce: lowest.tx.nonce, receivedAt: lowest.receivedAt })
    }
    return out.sort((a, b) => a.receivedAt - b.receivedAt || a.from - b.from)
  }

  /** Pending (executable after the trusted nonce, no gap) and queued (behind a gap) counts. */
  async status(): Promise<{ pending: number; queued: number }> {
    let pending = 0
    for (const [from, nonces] of this.bySender) {
      let next = (await this.deps.account(from)).nonce
      while (nonces.has(next)) {
        pending++
        next++
      }
    }
    return { pending, queued: this.byHash.size - pending }
  }

  /** Validates, verifies and durably pools a signed transaction; resolves once it is on disk. */
  async submit(tx: SignedL2Tx): Promise<SubmitResult> {
    // Every field is checked here; the hash itself comes back from the signature check, which
    // computes it anyway, so the relay's thread does not hash each transaction twice.
    txHashInputs(tx, this.deps.domain)
    const known = this.bySender.get(tx.from)?.get(tx.nonce)
    if (known && txIdentity(known.tx) === txIdentity(tx)) {
      await known.ready
      return { hash: known.hash, status: await this.classify(known.tx), replaced: null }
    }
    // The same transaction submitted again while the first is being admitted shares its admission.
    const identity = txIdentity(tx)
    const admitting = this.admitting.get(identity)
    if (admitting) return admitting.then((result) => ({ ...result, replaced: null }))
    const admission = this.admit(tx)
    this.admitting.set(identity, admission)
    try {
      return await admission
    } finally {
      this.admitting.delete(identity)
    }
  }

  private async admit(tx: SignedL2Tx): Promise<SubmitResult> {
    const { config, domain } = { config: this.config, domain: this.deps.domain }
    if (tx.fee < config.minFee) throw new FeeTooLowError({ fee: tx.fee, minFee: config.minFee })

    const sender = await this.deps.account(tx.from)
    if (isEmptyAccount(sender)) throw new UnknownAccountError({ accountIndex: tx.from, role: 'from' })
    if (!hasL2Key(sender)) throw new AccountKeyNotSetError({ accountIndex: tx.from })
    if (tx.nonce < sender.nonce) throw new NonceTooLowError({ accountIndex: tx.from, nonce: tx.nonce, next: sender.nonce })
    if (tx.nonce > sender.nonce + BigInt(config.maxNonceGap)) {
      throw new NonceGapError({ accountIndex: tx.from, nonce: tx.nonce, next: sender.nonce, maxGap: config.maxNonceGap })
    }
    const pooled = this.bySender.get(tx.from)?.get(tx.nonce)
    if (pooled) {
      const bump = (pooled.tx.fee * BigInt(config.replacementBumpPercent) + 99n) / 100n
      const minFee = pooled.tx.fee + (bump > 1n ? bump : 1n)
      if (tx.fee < minFee) throw new ReplacementUnderpricedError({ accountIndex: tx.from, nonce: tx.nonce, pooledFee: pooled.tx.fee, minFee })
    }
    const required = tx.amount + tx.fee
    if (sender.balance < required) throw new InsufficientBalanceError({ accountIndex: tx.from, balance: sender.balance, required })
    const key = { pubAx: sender.pubAx, pubAy: sender.pubAy }
    const domains = [domain, ...(config.otherDomains ?? [])]
    const verdict = await this.signatures.check({ tx, signature: tx.signature, key, domains })
    if (verdict.domain > 0) throw new WrongChainError({ accountIndex: tx.from, expected: domain, signedFor: domains[verdict.domain]! })
    if (verdict.domain !== 0) throw new InvalidSignatureError({ accountIndex: tx.from, reason: "it does not verify for the sender's key over this network's txHash" })
    // Limits last: a replacement does not grow the pool. Re-read after the awaits above.
    const current = this.bySender.get(tx.from)?.get(tx.nonce)
    if (!current) {
      const count = this.bySender.get(tx.from)?.size ?? 0
      if (count >= config.maxPerAccount) throw new PoolFullError({ scope: 'account', max: config.maxPerAccount, accountIndex: tx.from })
      if (this.byHash.size >= config.maxPoolSize) throw new PoolFullError({ scope: 'global', max: config.maxPoolSize })
    } else if (tx.fee <= current.tx.fee) {
      throw new ReplacementUnderpricedError({ accountIndex: tx.from, nonce: tx.nonce, pooledFee: current.tx.fee, minFee: current.tx.fee + 1n })
    }

    const hash = toBytes32Hex(verdict.txHash)
    const entry: Entry = { hash, tx, receivedAt: this.now(), verifiedKey: key, durable: false }
    if (current) this.unindex(current.hash)
    this.index(entry)
    entry.ready = this.write([entry], current ? [current.hash] : [])
    try {
      await entry.ready
    } catch (err) {
      this.unindex(entry.hash)
      if (current) this.index(current)
      throw err
    }
    entry.durable = true
    this.durableCount++
    this.notify()
    return { hash, status: await this.classify(tx), replaced: current?.hash ?? null }
  }

  private async classify(tx: SignedL2Tx): Promise<'pending' | 'queued'> {
    const nonces = this.bySender.get(tx.from)
    let next = (await this.deps.account(tx.from)).nonce
    while (next < tx.nonce && nonces?.has(next)) next++
    return next === tx.nonce ? 'pending' : 'queued'
  }

  /**
   * Group commit: writes queued within GROUP_COMMIT_WINDOW_MS go to disk together, in one
   * synchronous commit. Under load that is several transactions per sync instead of about one per
   * turn of the event loop; alone, a transaction waits that long for its acknowledgement.
   */
  private write(add: Entry[], remove: Hex[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.writes) {
        this.writes = { add: [], remove: [], waiters: [] }
        setTimeout(() => {
          const batch = this.writes!
          this.writes = undefined
          this.deps.storage.writePool(batch.add, batch.remove).then(
            () => batch.waiters.forEach((w) => w.resolve()),
            (err: unknown) => batch.waiters.forEach((w) => w.reject(err)),
          )
        }, GROUP_COMMIT_WINDOW_MS)
      }
      this.writes.add.push(...add)
      this.writes.remove.push(...remove)
      this.writes.waiters.push({ resolve, reject })
    })
  }

  /** Forgets transactions a committed batch removed from storage (it already deleted their rows). */
  forget(hashes: readonly Hex[]): void {
    for (const hash of hashes) this.unindex(hash)
  }

  /** Indexes transactions a rewind put back into the pool table (the storage already holds them again). */
  restore(txs: readonly PooledTx[]): void {
    let added = 0
    for (const tx of txs) {
      if (this.byHash.has(tx.hash) || this.bySender.get(tx.tx.from)?.has(tx.tx.nonce)) continue
      this.index({ ...tx, durable: true })
      added++
    }
    if (added > 0) this.notify()
  }

  /** Hashes of pooled transactions of `from` with a nonce below `nonce` (obsolete once the account reached it). */
  obsolete(from: number, nonce: bigint): Hex[] {
    const out: Hex[] = []
    for (const entry of this.bySender.get(from)?.values() ?? []) if (entry.durable && entry.tx.nonce < nonce) out.push(entry.hash)
    return out
  }

  /** Durably removes transactions (refused by the executor, or expired). */
  async drop(hashes: readonly Hex[]): Promise<void> {
    const present = hashes.filter((hash) => this.byHash.get(hash)?.durable)
    if (present.length === 0) return
    for (const hash of present) this.unindex(hash)
    await this.write([], present)
  }

  /** Drops every transaction older than the TTL; returns how many. */
  async expire(): Promise<number> {
    const cutoff = this.now() - this.config.txTtlMs
    const old = [...this.byHash.values()].filter((e) => e.durable && e.receivedAt < cutoff).map((e) => e.hash)
    await this.drop(old)
    return old.length
  }

  private notify(): void {
    for (const listener of this.listeners) listener()
  }
}

/**
 * The fields txHash covers (the domain is the pool's own), as one string: equal strings, equal
 * hashes. It stands in for the hash before the signature check has computed it.
 */
function txIdentity(tx: SignedL2Tx): string {
  return `${tx.type}/${tx.from}/${tx.to}/${tx.amount}/${tx.fee}/${tx.nonce}`
}
