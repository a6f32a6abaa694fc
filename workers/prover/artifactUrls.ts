import type { ProverArtifactUrls } from './proverApi.js'

/**
 * The committed witness generator and proving key, as URLs of the built app: Vite copies both
 * into the build under content-hashed names (so a cached copy is never stale), and the service
 * worker does not precache them (vite.config.ts ignores *.wasm and *.zkey).
 */
export const batchArtifactUrls = (): ProverArtifactUrls => ({
  wasmUrl: new URL('../../circuits/artifacts/batch.wasm', import.meta.url).href,
  zkeyUrl: new URL('../../circuits/artifacts/batch.zkey', import.meta.url).href,
})
