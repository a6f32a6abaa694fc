/**
 * The committed artifacts belong to the committed circuit.
 *
 * Compiling takes ~30 s here (under the 60 s budget), so this recompiles the circuit (cached
 * per source hash in circuits/build/test-*) and compares the r1cs and the witness generator
 * byte for byte with what the ceremony recorded; the zkey and verification key are then
 * checked against the manifest and against each other. (contracts/src/BatchVerifier.sol is
 * generated from verification_key.json by contracts/generateVerifier.ts, whose test checks it.)
 */
import { readFileSync, statSync } from 'node:fs'
import * as snarkjs from 'snarkjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { releaseCurve } from '../src/prover/releaseCurve.js'
import { BATCH_VERIFICATION_KEY } from '../src/prover/verificationKey.js'
import { compiledForTests } from './testing/witness.js'
import { circomVersion } from './tooling/compile.js'
import { sha256File } from './tooling/hash.js'
import { type CircuitManifest, readManifest } from './tooling/manifest.js'
import { ARTIFACT_PATHS, REPO_ROOT } from './tooling/paths.js'
import { hashCircuitSources } from './tooling/sources.js'

let manifest: CircuitManifest

beforeAll(() => {
  manifest = readManifest()
})

// wtns check / zkey export build snarkjs's shared curve (with worker threads): release it.
afterAll(async () => {
  await releaseCurve()
})

const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(`${REPO_ROOT}/node_modules/${name}/package.json`, 'utf8')) as { version: string }).version

describe('manifest ↔ sources and toolchain', () => {
  it('records the sha256 of every circom source, circomlib included', () => {
    expect(manifest.sources).toEqual(hashCircuitSources())
  })

  it('was built with the installed circom, snarkjs and circomlib', async () => {
    expect(manifest.versions).toEqual({
      circom: await circomVersion(),
      circom2Package: packageVersion('circom2'),
      snarkjs: packageVersion('snarkjs'),
      circomlib: packageVersion('circomlib'),
    })
  })

  it('records the INSECURE dev beacon and the pinned powers of tau', () => {
    expect(manifest.beacon.label).toMatch(/INSECURE/)
    expect(manifest.ptau).toEqual({
      file: 'pot17_final.ptau',
      power: 17,
      sha256: '077464e7c089da93d01e568f745ffd2d5922562be4b19a9cd483b22135a9f4be',
    })
  })
})

describe('recompiling the circuit reproduces the recorded r1cs and witness generator', () => {
  it('r1cs sha256, constraint count and batch.wasm match', async () => {
    const compiled = await compiledForTests()
    expect(await sha256File(compiled.r1cs)).toBe(manifest.r1csSha256)
    const info = await snarkjs.r1cs.info(compiled.r1cs)
    expect(info.nConstraints).toBe(manifest.constraints)
    // §7.1: 7 + 4·BATCH_SLOTS public inputs and no outputs (which snarkjs would list first).
    expect([info.nOutputs, info.nPubInputs]).toEqual([0, 23])
    expect(manifest.publicInputs).toBe(23)
    expect(await sha256File(compiled.wasm)).toBe(manifest.wasmSha256)
    expect(await sha256File(ARTIFACT_PATHS.wasm)).toBe(manifest.wasmSha256)
  })
})

describe('proving and verification keys', () => {
  it('batch.zkey is the recorded one and within the 64 MiB budget', async () => {
    expect(await sha256File(ARTIFACT_PATHS.zkey)).toBe(manifest.zkeySha256)
    expect(statSync(ARTIFACT_PATHS.zkey).size).toBe(manifest.zkeyBytes)
    expect(manifest.zkeyBytes).toBeLessThanOrEqual(64 * 2 ** 20)
  })

  it('verification_key.json, the pinned TypeScript key and the zkey agree', async () => {
    const fromZkey = await snarkjs.zKey.exportVerificationKey(ARTIFACT_PATHS.zkey)
    const committed = JSON.parse(readFileSync(ARTIFACT_PATHS.verificationKey, 'utf8')) as unknown
    expect(committed).toEqual(fromZkey)
    expect(BATCH_VERIFICATION_KEY).toEqual(fromZkey)
    expect((fromZkey as { nPublic: number }).nPublic).toBe(23)
    expect(await sha256File(ARTIFACT_PATHS.verificationKey)).toBe(manifest.verificationKeySha256)
  })
})
