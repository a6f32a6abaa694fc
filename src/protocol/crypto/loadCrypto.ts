/**
 * One lazily initialised home for the WASM-backed primitive: circomlibjs's WASM Poseidon, the
 * fastest measured in JS (≈50 µs per Poseidon(2)), built alone with the round constants of the
 * arities the protocol hashes (scripts/poseidon/buildPoseidonWasm.ts). The module (≈80 KB) is
 * a dynamic import, so a bundle loads it only when `loadCrypto()` runs, and it needs neither
 * Node's Buffer nor ffjavascript's thread manager. Initialise once per worker with
 * `await loadCrypto()`; after that `poseidon`, `signPoseidon` and friends are synchronous,
 * which keeps the tree and executor code free of per-hash awaits. Concurrent callers share one
 * initialisation; a failed one can be retried. (BabyJubJub is pure bigint and needs no set-up.)
 */
import { CryptoNotLoadedError, InvalidParameterError } from '../errors.js'

type CryptoBackend = {
  /** Poseidon of 1–16 canonical field elements (the caller checks them); throws for an arity without constants. */
  poseidon: (inputs: readonly bigint[]) => bigint
}

type PoseidonExports = {
  poseidon(pInitState: number, pIn: number, n: number, pOut: number, nOut: number): void
  frm_toMontgomery(pIn: number, pOut: number): void
  frm_fromMontgomery(pIn: number, pOut: number): void
}

let backend: CryptoBackend | undefined
let loading: Promise<void> | undefined

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

async function buildBackend(): Promise<CryptoBackend> {
  const { POSEIDON_WASM_BASE64, POSEIDON_WASM_LAYOUT: layout } = await import('./poseidonWasm.generated.js')
  const memory = new WebAssembly.Memory({ initial: layout.pages })
  const { instance } = await WebAssembly.instantiate(decodeBase64(POSEIDON_WASM_BASE64), { env: { memory } })
  const wasm = instance.exports as unknown as PoseidonExports
  // The memory never grows (the module allocates nothing at run time), so one view stays valid.
  const limbs = new BigUint64Array(memory.buffer)
  const arities = new Set<number>(layout.arities)
  const { pState, pIn, pOut } = layout
  limbs.fill(0n, pState / 8, pState / 8 + 4)
  return {
    poseidon(inputs) {
      const n = inputs.length
      if (!arities.has(n)) {
        throw new InvalidParameterError({
          parameter: 'poseidon inputs',
          reason: `no round constants for ${n} inputs (built for ${layout.arities.join(', ')}): add ${n} to POSEIDON_ARITIES and run \`npm run build:poseidon\``,
        })
      }
      for (let i = 0; i < n; i++) {
        const x = inputs[i]!
        const at = (pIn + 32 * i) / 8
        limbs[at] = BigInt.asUintN(64, x)
        limbs[at + 1] = BigInt.asUintN(64, x >> 64n)
        limbs[at + 2] = BigInt.asUintN(64, x >> 128n)
        limbs[at + 3] = x >> 192n
        wasm.frm_toMontgomery(pIn + 32 * i, pIn + 32 * i)
      }
      wasm.poseidon(pState, pIn, n, pOut, 1)
      wasm.frm_fromMontgomery(pOut, pOut)
      const at = pOut / 8
      return limbs[at]! | (limbs[at + 1]! << 64n) | (limbs[at + 2]! << 128n) | (limbs[at + 3]! << 192n)
    },
  }
}

/** Initialises Poseidon (a few ms the first time); resolves at once afterwards. */
export function loadCrypto(): Promise<void> {
  if (backend) return Promise.resolve()
  loading ??= (async () => {
    try {
      backend = await buildBackend()
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
