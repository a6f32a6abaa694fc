import { readFileSync } from 'node:fs'
import { ARTIFACT_PATHS } from './paths.js'

/**
 * circuits/artifacts/manifest.json: what the committed artifacts were built from, so anyone can
 * check that batch.wasm / batch.zkey / verification_key.json belong to the committed circuit
 * and reproduce them with `npm run ceremony`.
 */
export type CircuitManifest = {
  circuit: {
    main: string
    template: string
    accountTreeDepth: number
    batchSlots: number
    compileCommand: string
  }
  constraints: number
  wires: number
  publicInputs: number
  privateInputs: number
  r1csSha256: string
  /** r1cs size in bytes; the r1cs itself is not committed (too large), its hash suffices. */
  r1csBytes: number
  wasmSha256: string
  zkeySha256: string
  zkeyBytes: number
  verificationKeySha256: string
  /** sha256 of every circom source, circomlib included, keyed by repo-relative path. */
  sources: Record<string, string>
  ptau: { file: string; power: number; sha256: string }
  beacon: { label: string; hex: string; iterationsExp: number; name: string }
  versions: { circom: string; circom2Package: string; snarkjs: string; circomlib: string }
}

/** Read the committed manifest. */
export function readManifest(path: string = ARTIFACT_PATHS.manifest): CircuitManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as CircuitManifest
}
