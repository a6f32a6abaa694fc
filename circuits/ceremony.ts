/**
 * Lantern dev trusted setup (`npm run ceremony`).
 *
 *   1. compile circuits/batch.circom (circom2 --O2) and hash the r1cs and every source file;
 *   2. take the phase-1 powers of tau: ../shared/ptau/pot17_final.ptau when present (sha256
 *      checked), else regenerate it, deterministically, with the commands of its README into
 *      circuits/build/ptau/ (≈ 45 minutes on 2 cores);
 *   3. phase 2: `zkey new`, then ONE `zkey beacon` with the fixed public entropy below;
 *   4. export the verification key, write the artifacts and src/prover/verificationKey.ts.
 *
 * The Solidity verifier is not written here: contracts/generateVerifier.ts builds the batch
 * verifier (PROTOCOL.md §7.4) from circuits/artifacts/verification_key.json, and its test fails
 * until it is regenerated after a ceremony.
 *
 * INSECURE, DEV ONLY: both phases' only contributions are public beacons, so anyone can
 * recompute the toxic waste and forge proofs. Never use these keys for anything of value.
 * Everything is deterministic: rerunning the script on the same sources yields byte-identical
 * artifacts (the manifest records every hash to check that).
 */
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as snarkjs from 'snarkjs'
import { circomVersion, compileCircuit } from './tooling/compile.js'
import { sha256File } from './tooling/hash.js'
import type { CircuitManifest } from './tooling/manifest.js'
import {
  ARTIFACTS_DIR, ARTIFACT_PATHS, BUILD_DIR, CIRCUIT_MAIN, REPO_ROOT, VERIFICATION_KEY_TS_PATH,
} from './tooling/paths.js'
import { hashCircuitSources } from './tooling/sources.js'
import { verificationKeyModule } from '../src/prover/pinVerificationKey.js'

/** The prepared phase-1 file: 2^17 constraints, made by ../shared/ptau/README.md. */
const PTAU = {
  file: 'pot17_final.ptau',
  power: 17,
  sha256: '077464e7c089da93d01e568f745ffd2d5922562be4b19a9cd483b22135a9f4be',
  shared: resolve(REPO_ROOT, '..', 'shared', 'ptau', 'pot17_final.ptau'),
  cacheDir: join(BUILD_DIR, 'ptau'),
} as const

/**
 * Phase-2 beacon. INSECURE, DEV ONLY: public, fixed entropy, so the setup is reproducible
 * and equally forgeable by everyone. The hex is the ASCII of "lantern dev zkey beacon INSECURE".
 */
const BEACON = {
  label: 'INSECURE dev-only entropy: public and fixed, anyone can forge proofs for this zkey',
  hex: '6c616e7465726e20646576207a6b657920626561636f6e20494e534543555245',
  iterationsExp: 10,
  name: 'lantern dev zkey beacon (INSECURE, public)',
} as const

/** The committed zkey must stay within 64 MiB (it is downloaded by every browser prover). */
const ZKEY_BUDGET_BYTES = 64 * 2 ** 20

const CEREMONY_DIR = join(BUILD_DIR, 'ceremony')
const SNARKJS_CLI = join(REPO_ROOT, 'node_modules', 'snarkjs', 'build', 'cli.cjs')

async function main(): Promise<void> {
  warn('Lantern dev ceremony: INSECURE, for local devnets and tests only.')
  const sources = hashCircuitSources()

  step(`compiling ${CIRCUIT_MAIN}`)
  rmSync(CEREMONY_DIR, { recursive: true, force: true })
  const compiled = await compileCircuit(CEREMONY_DIR)
  const info = await snarkjs.r1cs.info(compiled.r1cs)
  console.log(`  ${info.nConstraints} constraints, ${info.nVars} wires`)
  if (info.nConstraints > 1 << PTAU.power) {
    throw new Error(`${info.nConstraints} constraints exceed the 2^${PTAU.power} powers of tau`)
  }

  const ptau = await resolvePtau()

  step('phase 2: zkey new')
  const zkey0 = join(CEREMONY_DIR, 'batch_0000.zkey')
  const zkeyFinal = join(CEREMONY_DIR, 'batch_final.zkey')
  await snarkjsCli(['groth16', 'setup', compiled.r1cs, ptau, zkey0])
  step(`phase 2: zkey beacon (${BEACON.label})`)
  await snarkjsCli(['zkey', 'beacon', zkey0, zkeyFinal, BEACON.hex, String(BEACON.iterationsExp), `-n=${BEACON.name}`])

  step('exporting the verification key')
  const vkeyJson = join(CEREMONY_DIR, 'verification_key.json')
  await snarkjsCli(['zkey', 'export', 'verificationkey', zkeyFinal, vkeyJson])

  const zkeyBytes = statSync(zkeyFinal).size
  if (zkeyBytes > ZKEY_BUDGET_BYTES) {
    throw new Error(`zkey is ${zkeyBytes} bytes, over the ${ZKEY_BUDGET_BYTES}-byte budget: artifacts left unchanged`)
  }

  step('writing artifacts')
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  copyFileSync(compiled.wasm, ARTIFACT_PATHS.wasm)
  copyFileSync(zkeyFinal, ARTIFACT_PATHS.zkey)
  copyFileSync(vkeyJson, ARTIFACT_PATHS.verificationKey)
  writeFileSync(VERIFICATION_KEY_TS_PATH, verificationKeyModule(readFileSync(vkeyJson, 'utf8')))

  const manifest: CircuitManifest = {
    circuit: {
      main: CIRCUIT_MAIN,
      template: 'Batch(16, 4)',
      accountTreeDepth: 16,
      batchSlots: 4,
      compileCommand: `circom2 ${CIRCUIT_MAIN} --r1cs --wasm --sym --O2 -l node_modules -o <dir>`,
    },
    constraints: info.nConstraints,
    wires: info.nVars,
    publicInputs: info.nPubInputs,
    privateInputs: info.nPrvInputs,
    r1csSha256: await sha256File(compiled.r1cs),
    r1csBytes: statSync(compiled.r1cs).size,
    wasmSha256: await sha256File(ARTIFACT_PATHS.wasm),
    zkeySha256: await sha256File(ARTIFACT_PATHS.zkey),
    zkeyBytes: statSync(ARTIFACT_PATHS.zkey).size,
    verificationKeySha256: await sha256File(ARTIFACT_PATHS.verificationKey),
    sources,
    ptau: { file: PTAU.file, power: PTAU.power, sha256: PTAU.sha256 },
    beacon: { ...BEACON },
    versions: {
      circom: await circomVersion(),
      circom2Package: packageVersion('circom2'),
      snarkjs: packageVersion('snarkjs'),
      circomlib: packageVersion('circomlib'),
    },
  }
  writeFileSync(ARTIFACT_PATHS.manifest, `${JSON.stringify(manifest, null, 2)}\n`)
  console.log(`  zkey ${(manifest.zkeyBytes / 2 ** 20).toFixed(1)} MiB, r1cs ${manifest.r1csSha256}`)
  step('done: regenerate contracts/src/BatchVerifier.sol with `npx tsx contracts/generateVerifier.ts`')
}

/** The shared ptau after checking its hash, or a regenerated (cached) copy when it is absent. */
async function resolvePtau(): Promise<string> {
  if (existsSync(PTAU.shared)) {
    step(`checking ${PTAU.shared}`)
    await expectSha256(PTAU.shared, PTAU.sha256)
    return PTAU.shared
  }
  const cached = join(PTAU.cacheDir, PTAU.file)
  if (existsSync(cached)) {
    step(`checking cached ${cached}`)
    await expectSha256(cached, PTAU.sha256)
    return cached
  }
  warn(
    `${PTAU.shared} not found: regenerating the powers of tau (2^${PTAU.power}) into ${PTAU.cacheDir}.\n` +
      '  This takes about 45 minutes on 2 cores and is done once (the file is cached).',
  )
  mkdirSync(PTAU.cacheDir, { recursive: true })
  // Exactly the commands of ../shared/ptau/README.md, so the result is the same file.
  const p = (name: string) => join(PTAU.cacheDir, name)
  await snarkjsCli(['powersoftau', 'new', 'bn128', '17', p('pot17_0000.ptau')])
  await snarkjsCli([
    'powersoftau', 'beacon', p('pot17_0000.ptau'), p('pot17_beacon.ptau'),
    '6c616e7465726e2d6465762d63657265', '10', '-n=lantern dev beacon (insecure, public)',
  ])
  await snarkjsCli(['powersoftau', 'prepare', 'phase2', p('pot17_beacon.ptau'), cached])
  await expectSha256(cached, PTAU.sha256)
  rmSync(p('pot17_0000.ptau'))
  rmSync(p('pot17_beacon.ptau'))
  return cached
}

async function expectSha256(path: string, expected: string): Promise<void> {
  const actual = await sha256File(path)
  if (actual !== expected) {
    throw new Error(`${path}: sha256 ${actual}, expected ${expected}; refusing to use it`)
  }
}

function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string
  }
  return pkg.version
}

function snarkjsCli(args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SNARKJS_CLI, ...args], { cwd: REPO_ROOT, stdio: 'inherit' })
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`snarkjs ${args.join(' ')} exited with ${code}`)),
    )
  })
}

function step(message: string): void {
  console.log(`[ceremony ${new Date().toISOString().slice(11, 19)}] ${message}`)
}

function warn(message: string): void {
  console.warn(`\n*** WARNING: ${message}\n`)
}

main().then(
  // snarkjs keeps its curve worker threads alive; exit explicitly once everything is written.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
