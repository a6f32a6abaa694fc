// Compiles every contracts/src/**/*.sol with solc-js (no network, no native solc) and writes
//   contracts/out/<Name>.json       { contractName, sourceName, abi, bytecode, deployedBytecode, linkReferences }
//   contracts/out/abis.ts           `export const <name>Abi = [...] as const` for every contract
// contracts/out is generated (git-ignored): `npm run build:contracts` recreates it, and the
// devnet and scripts/test-all.sh run it first. contracts/generated/abis.ts is the committed copy of
// out/abis.ts that the app, relay and tests import, so a fresh clone typechecks before any build:
// `npx tsx contracts/build.ts --update-abis` refreshes it, and contracts/build.test.ts fails while
// it differs from what the sources compile to. A build-info file skips recompiling when no
// source (ours or an imported one from node_modules) and no setting changed, so `npm start` stays
// quick. Sources compile in one solc pass per optimizer setting (see `optimizerRunsOverrides`),
// and the build fails if any contract is too large to deploy (EIP-170, EIP-3860).
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import solc from 'solc'

const require = createRequire(import.meta.url)
const contractsDir = dirname(fileURLToPath(import.meta.url))
const rootDir = resolve(contractsDir, '..')

export const paths = {
  src: join(contractsDir, 'src'),
  out: join(contractsDir, 'out'),
  generated: join(contractsDir, 'generated'),
} as const

/** Compiler settings of our contracts (and the test fixtures); part of the build cache key. */
export const compilerSettings = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  evmVersion: 'cancun',
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object'] },
  },
} as const

/**
 * Optimizer runs for imported source units whose name starts with `sourcePrefix`, instead of
 * `compilerSettings.optimizer.runs`; part of the build cache key.
 *
 * poseidon-solidity's PoseidonT3/PoseidonT6 are straight-line assembly over hundreds of round
 * constants. At runs 200 the optimizer trades gas for code size and loads those constants with
 * CODECOPY: a PoseidonT6 hash costs ≈169k gas. At runs 1_000_000 it pushes them inline (≈71k gas,
 * PoseidonT3 ≈18k), which makes PoseidonT6's runtime 24,473 bytes, 103 under EIP-170's limit
 * (`checkCodeSizes` fails the build should a compiler change cross it). Our own contracts keep
 * runs 200. A separate setting per library works because the libraries are deployed on their own
 * and linked: a link placeholder depends only on the library's fully qualified name
 * (`poseidon-solidity/PoseidonT6.sol:PoseidonT6`), not on how it was compiled. (Code one of our
 * contracts inlined from such a source, i.e. an internal function, would follow our settings.)
 */
export const optimizerRunsOverrides: readonly { sourcePrefix: string; runs: number }[] = [
  { sourcePrefix: 'poseidon-solidity/', runs: 1_000_000 },
]

/** The optimizer runs a source unit (e.g. `Rollup.sol`, `poseidon-solidity/PoseidonT6.sol`) compiles with. */
export function optimizerRunsFor(sourceName: string): number {
  const override = optimizerRunsOverrides.find((o) => sourceName.startsWith(o.sourcePrefix))
  return override?.runs ?? compilerSettings.optimizer.runs
}

/** EIP-170: the largest runtime code (bytes) a contract may have; larger deployments fail. */
export const MAX_RUNTIME_CODE_BYTES = 24_576
/** EIP-3860: the largest init code (bytes) a creation transaction may carry. */
export const MAX_INIT_CODE_BYTES = 49_152

/** One library placeholder in unlinked bytecode (solc's `linkReferences` format). */
export type LinkReferences = Record<string, Record<string, { start: number; length: number }[]>>

/** The JSON written to contracts/out/<Name>.json. */
export type Artifact = {
  contractName: string
  /** Source unit name as solc saw it, e.g. `Rollup.sol` or `poseidon-solidity/PoseidonT3.sol`. */
  sourceName: string
  abi: unknown[]
  /** 0x-prefixed creation bytecode; may contain `__$…$__` library placeholders. Empty for interfaces. */
  bytecode: string
  deployedBytecode: string
  linkReferences: LinkReferences
}

export class ContractsBuildError extends Error {
  override name = 'ContractsBuildError'
}

/** One contract over a code-size limit, as found by `checkCodeSizes`. */
export type OversizedCode = {
  contractName: string
  sourceName: string
  code: 'runtime' | 'init'
  bytes: number
  limit: number
}

/** Some contract could not be deployed: its runtime or init code exceeds EIP-170 / EIP-3860. */
export class ContractCodeSizeError extends ContractsBuildError {
  override name = 'ContractCodeSizeError'
  readonly oversized: readonly OversizedCode[]
  constructor(oversized: readonly OversizedCode[]) {
    const lines = oversized.map(
      (o) =>
        `  ${o.contractName} (${o.sourceName}): ${o.code} code is ${o.bytes.toLocaleString('en-US')} bytes, ` +
        `${(o.bytes - o.limit).toLocaleString('en-US')} over the ${o.limit.toLocaleString('en-US')}-byte limit of ` +
        `${o.code === 'runtime' ? 'EIP-170' : 'EIP-3860'}`,
    )
    super(
      `${oversized.length} contract(s) too large to deploy on Ethereum (anvil refuses them too):\n${lines.join('\n')}\n` +
        'Lower its optimizer runs (compilerSettings or optimizerRunsOverrides in contracts/build.ts) or split the contract.',
    )
    this.oversized = oversized
  }
}

type SolcMessage = { severity: 'error' | 'warning' | 'info'; formattedMessage: string; type: string }
type SolcOutput = {
  errors?: SolcMessage[]
  contracts?: Record<
    string,
    Record<
      string,
      {
        abi: unknown[]
        evm: {
          bytecode: { object: string; linkReferences: LinkReferences }
          deployedBytecode: { object: string }
        }
      }
    >
  >
}

function listSolidityFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...listSolidityFiles(full))
    else if (entry.isFile() && entry.name.endsWith('.sol')) files.push(full)
  }
  return files.sort()
}

/** Source unit names are POSIX paths relative to contracts/src, so imports like `./Verifier.sol` resolve. */
function sourceUnitName(file: string): string {
  return relative(paths.src, file).split(sep).join('/')
}

/**
 * Resolves an import solc could not find among the inputs: first relative to contracts/src,
 * then as a package path in node_modules (e.g. `poseidon-solidity/PoseidonT3.sol`).
 */
function resolveImport(importPath: string): string | undefined {
  const local = join(paths.src, importPath)
  if (existsSync(local)) return local
  try {
    return require.resolve(importPath, { paths: [rootDir] })
  } catch {
    return undefined
  }
}

function sha256(data: string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Cache record: `imports` maps import paths to files relative to the repository root. */
type BuildInfo = { key: string; files: string[]; imports: Record<string, string> }
const buildInfoPath = () => join(paths.out, '.build-info.json')

/** Cache key over compiler version, settings and the content of every source, including imports. */
function cacheKey(sources: Record<string, string>): string {
  const parts = [solc.version(), JSON.stringify({ compilerSettings, optimizerRunsOverrides })]
  for (const name of Object.keys(sources).sort()) parts.push(name, sha256(sources[name] ?? ''))
  return sha256(parts.join('\n'))
}

function isUpToDate(files: string[]): boolean {
  const infoFile = buildInfoPath()
  if (!existsSync(infoFile) || !existsSync(join(paths.out, 'abis.ts'))) return false
  try {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as BuildInfo
    const names = files.map(sourceUnitName)
    if (JSON.stringify(info.files) !== JSON.stringify(names)) return false
    const sources: Record<string, string> = {}
    for (const file of files) sources[sourceUnitName(file)] = readFileSync(file, 'utf8')
    for (const [name, resolvedFromRoot] of Object.entries(info.imports)) {
      const resolved = join(rootDir, resolvedFromRoot)
      if (!existsSync(resolved)) return false
      sources[name] = readFileSync(resolved, 'utf8')
    }
    return info.key === cacheKey(sources)
  } catch {
    return false
  }
}

/** Bytes of 0x-prefixed bytecode; an unlinked `__$…$__` placeholder stands for its 20-byte address. */
function codeBytes(hex: string): number {
  return (hex.length - 2) / 2
}

/**
 * Throws ContractCodeSizeError, naming every offender, if a contract's runtime code exceeds
 * EIP-170 or its creation code EIP-3860 (constructor arguments, appended at deployment, come on
 * top). Interfaces and abstract contracts (no code) pass.
 */
export function checkCodeSizes(
  artifacts: readonly Pick<Artifact, 'contractName' | 'sourceName' | 'bytecode' | 'deployedBytecode'>[],
): void {
  const oversized: OversizedCode[] = []
  for (const a of artifacts) {
    const runtime = codeBytes(a.deployedBytecode)
    if (runtime > MAX_RUNTIME_CODE_BYTES) {
      oversized.push({ contractName: a.contractName, sourceName: a.sourceName, code: 'runtime', bytes: runtime, limit: MAX_RUNTIME_CODE_BYTES })
    }
    const init = codeBytes(a.bytecode)
    if (init > MAX_INIT_CODE_BYTES) {
      oversized.push({ contractName: a.contractName, sourceName: a.sourceName, code: 'init', bytes: init, limit: MAX_INIT_CODE_BYTES })
    }
  }
  if (oversized.length > 0) throw new ContractCodeSizeError(oversized)
}

/** `Rollup` → `rollup`, `IRollup` → `iRollup`, `PoseidonT3` → `poseidonT3`. */
function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

/**
 * The typed ABIs of every contract (no bytecode: that is in contracts/out, and the committed copy
 * must not change with every comment's metadata hash).
 */
export function renderAbisTs(artifacts: readonly Pick<Artifact, 'contractName' | 'sourceName' | 'abi'>[]): string {
  const lines = [
    '// Generated by contracts/build.ts from contracts/src — do not edit; run `npx tsx contracts/build.ts --update-abis`.',
    '/* eslint-disable */',
    '',
  ]
  for (const artifact of artifacts) {
    const name = lowerFirst(artifact.contractName)
    lines.push(`/** ABI of ${artifact.contractName} (${artifact.sourceName}). */`)
    lines.push(`export const ${name}Abi = ${JSON.stringify(artifact.abi, null, 2)} as const`)
    lines.push('')
  }
  if (artifacts.length === 0) lines.push('export {}', '')
  return lines.join('\n')
}

/** The committed typed ABIs (contracts/generated/abis.ts). */
export const committedAbisPath = () => join(paths.generated, 'abis.ts')

/** Copies contracts/out/abis.ts (from the last build) over the committed contracts/generated/abis.ts. */
export function updateCommittedAbis(): void {
  mkdirSync(paths.generated, { recursive: true })
  writeFileSync(committedAbisPath(), readFileSync(join(paths.out, 'abis.ts'), 'utf8'))
}

export type BuildResult = { artifacts: string[]; skipped: boolean; warnings: string[] }

/**
 * Compiles `names` (and whatever they import) with `runs`, selecting outputs for `names` only, so
 * solc generates code just for them.
 */
function compilePass(
  names: readonly string[],
  contents: Readonly<Record<string, string>>,
  runs: number,
  findImports: (importPath: string) => { contents: string } | { error: string },
): SolcOutput {
  const selection = compilerSettings.outputSelection['*']
  const settings = {
    ...compilerSettings,
    optimizer: { ...compilerSettings.optimizer, runs },
    outputSelection: Object.fromEntries(names.map((name) => [name, selection])),
  }
  const sources = Object.fromEntries(names.map((name) => [name, { content: contents[name] ?? '' }]))
  const input = { language: 'Solidity', sources, settings }
  return JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput
}

/** Compile contracts/src (or skip when up to date) and write out/ and generated/. */
export function buildContracts(opts: { force?: boolean; updateAbis?: boolean } = {}): BuildResult {
  const files = listSolidityFiles(paths.src)
  if (!opts.force && isUpToDate(files)) {
    const names = readdirSync(paths.out).filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    if (opts.updateAbis) updateCommittedAbis()
    return { artifacts: names.map((f) => f.replace(/\.json$/, '')), skipped: true, warnings: [] }
  }

  // Every source unit by name: ours up front, imports as solc asks for them.
  const contents: Record<string, string> = {}
  for (const file of files) contents[sourceUnitName(file)] = readFileSync(file, 'utf8')
  const imports: Record<string, string> = {}
  const findImports = (importPath: string): { contents: string } | { error: string } => {
    const resolved = resolveImport(importPath)
    if (!resolved) return { error: `File not found in contracts/src or node_modules: ${importPath}` }
    imports[importPath] = resolved
    contents[importPath] = readFileSync(resolved, 'utf8')
    return { contents: contents[importPath] }
  }

  // One pass per optimizer setting: our sources first; then the imports they pulled in, each
  // compiled with its own runs (a pass may import more sources, hence the loop). Every source
  // unit gets its artifacts from exactly one pass.
  const outputs: SolcOutput[] = []
  const compiled = new Set<string>()
  const failed = () => outputs.some((o) => o.errors?.some((m) => m.severity === 'error'))
  let pending = Object.keys(contents)
  while (pending.length > 0 && !failed()) {
    const byRuns = new Map<number, string[]>()
    for (const name of pending) {
      const runs = optimizerRunsFor(name)
      byRuns.set(runs, [...(byRuns.get(runs) ?? []), name])
    }
    for (const [runs, names] of byRuns) {
      outputs.push(compilePass(names, contents, runs, findImports))
      for (const name of names) compiled.add(name)
    }
    pending = Object.keys(imports).filter((name) => !compiled.has(name))
  }

  // A pass also analyses the sources it imports, so the same message can come from two passes.
  const messages = [...new Map(outputs.flatMap((o) => o.errors ?? []).map((m) => [m.formattedMessage, m])).values()]
  const errors = messages.filter((m) => m.severity === 'error')
  if (errors.length > 0) {
    throw new ContractsBuildError(
      `solc ${solc.version()} failed with ${errors.length} error(s):\n\n${errors.map((e) => e.formattedMessage).join('\n')}`,
    )
  }
  const warnings = messages.filter((m) => m.severity === 'warning').map((m) => m.formattedMessage)

  const artifacts: Artifact[] = []
  const seen = new Map<string, string>()
  for (const [sourceName, contracts] of outputs.flatMap((o) => Object.entries(o.contracts ?? {}))) {
    for (const [contractName, c] of Object.entries(contracts)) {
      const previous = seen.get(contractName)
      if (previous) {
        throw new ContractsBuildError(
          `Two contracts are named ${contractName} (${previous} and ${sourceName}); artifacts are keyed by name, rename one.`,
        )
      }
      seen.set(contractName, sourceName)
      artifacts.push({
        contractName,
        sourceName,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
        linkReferences: c.evm.bytecode.linkReferences,
      })
    }
  }
  artifacts.sort((a, b) => a.contractName.localeCompare(b.contractName))
  checkCodeSizes(artifacts) // before anything is written: a failed build leaves the last good one, stale key and all

  rmSync(paths.out, { recursive: true, force: true })
  mkdirSync(paths.out, { recursive: true })
  for (const artifact of artifacts) {
    writeFileSync(join(paths.out, `${artifact.contractName}.json`), `${JSON.stringify(artifact, null, 2)}\n`)
  }
  writeFileSync(join(paths.out, 'abis.ts'), renderAbisTs(artifacts))

  const importsFromRoot: Record<string, string> = {}
  for (const [name, resolved] of Object.entries(imports)) importsFromRoot[name] = relative(rootDir, resolved)
  const info: BuildInfo = { key: cacheKey(contents), files: files.map(sourceUnitName), imports: importsFromRoot }
  writeFileSync(buildInfoPath(), `${JSON.stringify(info, null, 2)}\n`)
  if (opts.updateAbis) updateCommittedAbis()

  return { artifacts: artifacts.map((a) => a.contractName), skipped: false, warnings }
}

/** Reads contracts/out/<name>.json, or undefined if that contract was not built. */
export function readArtifact(name: string): Artifact | undefined {
  const file = join(paths.out, `${name}.json`)
  if (!existsSync(file)) return undefined
  return JSON.parse(readFileSync(file, 'utf8')) as Artifact
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  try {
    const force = process.argv.includes('--force')
    const started = Date.now()
    const result = buildContracts({ force, updateAbis: process.argv.includes('--update-abis') })
    for (const warning of result.warnings) console.warn(warning)
    if (result.skipped) {
      console.log(`contracts: up to date (${result.artifacts.length} artifacts in contracts/out)`)
    } else if (result.artifacts.length === 0) {
      console.log('contracts: no .sol files in contracts/src; wrote an empty contracts/out/abis.ts')
    } else {
      console.log(
        `contracts: compiled ${result.artifacts.length} artifacts with solc ${solc.version()} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.artifacts.join(', ')}`,
      )
    }
  } catch (err) {
    if (err instanceof ContractsBuildError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
}
