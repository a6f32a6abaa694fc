import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Repository root (this file is circuits/tooling/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The main circuit, relative to the repo root (circom2 only sees files under its cwd). */
export const CIRCUIT_MAIN = 'circuits/batch.circom'

/** Committed artifacts: witness generator, proving key, verification key, manifest. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'circuits', 'artifacts')

export const ARTIFACT_PATHS = {
  wasm: join(ARTIFACTS_DIR, 'batch.wasm'),
  zkey: join(ARTIFACTS_DIR, 'batch.zkey'),
  verificationKey: join(ARTIFACTS_DIR, 'verification_key.json'),
  manifest: join(ARTIFACTS_DIR, 'manifest.json'),
} as const

/** Gitignored scratch space: compiler output, ceremony intermediates, regenerated ptau. */
export const BUILD_DIR = join(REPO_ROOT, 'circuits', 'build')

/** The pinned verification key as a TypeScript constant (consumed by src/prover). */
export const VERIFICATION_KEY_TS_PATH = join(REPO_ROOT, 'src', 'prover', 'verificationKey.ts')
