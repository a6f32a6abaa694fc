/**
 * One lazily initialised home for the WASM-backed primitive: circomlibjs's Poseidon, the
 * fastest measured in JS (≈54 µs per Poseidon(2)). Initialise once per worker with
 * `await loadCrypto()`; after that `poseidon`, `signPoseidon` and friends are synchronous,
 * which keeps the tree and executor code free of per-hash awaits. Concurrent callers share one
 * initialisation; a failed one can be retried. (BabyJubJub is pure bigint and needs no set-up.)
 */
import { buildPoseidon, type Poseidon } from 'circomlibjs'
import { CryptoNotLoadedError } from '../errors.js'

type CryptoBackend = { poseidon: Poseidon }

let backend: CryptoBackend | undefined
let loading: Promise<void> | undefined

/** Initialises Poseidon (≈0.3 s the first time); resolves at once afterwards. */
export function loadCrypto(): Promise<void> {
  if (backend) return Promise.resolve()
  loading ??= (async () => {
    try {
      backend = { poseidon: await buildPoseidon() }
    } catch (error) {
      loading = undefined
      throw error
    }
  })()
  return loading
}

/** True once `loadCrypto()` has completed. */
export function isCryptoLoaded(): boolean {
  return backend !== undefined
}

/** The initialised backend; throws CryptoNotLoadedError before `loadCrypto()` completes. */
export function cryptoBackend(): CryptoBackend {
  if (!backend) throw new CryptoNotLoadedError()
  return backend
}
