/**
 * One lazily initialised home for the WASM-backed primitives (circomlibjs Poseidon and
 * BabyJubJub). Initialise once per worker with `await loadCrypto()`; after that `poseidon`,
 * `signPoseidon` and friends are synchronous, which keeps the tree and executor code free of
 * per-hash awaits. Concurrent callers share one initialisation; a failed one can be retried.
 */
import { buildBabyjub, buildPoseidon, type BabyJub, type Poseidon } from 'circomlibjs'
import { CryptoNotLoadedError } from '../errors.js'

type CryptoBackend = { poseidon: Poseidon; babyJub: BabyJub }

let backend: CryptoBackend | undefined
let loading: Promise<void> | undefined

/** Initialises Poseidon and BabyJubJub (≈0.5 s the first time); resolves at once afterwards. */
export function loadCrypto(): Promise<void> {
  if (backend) return Promise.resolve()
  loading ??= (async () => {
    try {
      const [poseidon, babyJub] = await Promise.all([buildPoseidon(), buildBabyjub()])
      backend = { poseidon, babyJub }
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
