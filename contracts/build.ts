// Compiles every contracts/src/**/*.sol with solc-js (no network, no native solc) and writes
//   contracts/out/<Name>.json       { contractName, sourceName, abi, bytecode, deployedBytecode, linkReferences }
//   contracts/generated/abis.ts     `export const <name>Abi = [...] as const` + `<name>Bytecode`
// Both folders are generated (git-ignored): `npm run build:contracts` recreates them, and the
// devnet and scripts/test-all.sh run it first. A build-info file skips recompiling when no
// source (ours or an imported one from node_modules) changed, so `npm start` stays quick.
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

/** Compiler settings shared by every contract; part of the build cache key. */
export const compilerSettings = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  evmVersion: 'cancun',
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object'] },
  },
} as const

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
  const parts = [solc.version(), JSON.stringify(compilerSettings)]
  for (const name of Object.keys(sources).sort()) parts.push(name, sha256(sources[name] ?? ''))
  return sha256(parts.join('\n'))
}

function isUpToDate(files: string[]): boolean {
  const infoFile = buildInfoPath()
  if (!existsSync(infoFile) || !existsSync(join(paths.generated, 'abis.ts'))) return false
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

/** `Rollup` → `rollup`, `IRollup` → `iRollup`, `PoseidonT3` → `poseidonT3`. */
function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

function renderAbisTs(artifacts: Artifact[]): string {
  const lines = [
    '// Generated by contracts/build.ts from contracts/src — do not edit; run `npm run build:contracts`.',
    '/* eslint-disable */',
    '',
  ]
  for (const artifact of artifacts) {
    const name = lowerFirst(artifact.contractName)
    lines.push(`/** ABI of ${artifact.contractName} (${artifact.sourceName}). */`)
    lines.push(`export const ${name}Abi = ${JSON.stringify(artifact.abi, null, 2)} as const`)
    lines.push('')
    if (artifact.bytecode !== '0x') {
      const linked = Object.keys(artifact.linkReferences).length > 0
      lines.push(
        `/** Creation bytecode of ${artifact.contractName}${linked ? ' (unlinked: deploy with contracts/deploy.ts, which links libraries)' : ''}. */`,
      )
      lines.push(`export const ${name}Bytecode = '${artifact.bytecode}' as const`)
      lines.push('')
    }
  }
  if (artifacts.length === 0) lines.push('export {}', '')
  return lines.join('\n')
}

export type BuildResult = { artifacts: string[]; skipped: boolean; warnings: string[] }

/** Compile contracts/src (or skip when up to date) and write out/ and generated/. */
export function buildContracts(opts: { force?: boolean } = {}): BuildResult {
  const files = listSolidityFiles(paths.src)
  if (!opts.force && isUpToDate(files)) {
    const names = readdirSync(paths.out).filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    return { artifacts: names.map((f) => f.replace(/\.json$/, '')), skipped: true, warnings: [] }
  }

  const sources: Record<string, { content: string }> = {}
  for (const file of files) sources[sourceUnitName(file)] = { content: readFileSync(file, 'utf8') }

  const imports: Record<string, string> = {}
  const findImports = (importPath: string): { contents: string } | { error: string } => {
    const resolved = resolveImport(importPath)
    if (!resolved) return { error: `File not found in contracts/src or node_modules: ${importPath}` }
    imports[importPath] = resolved
    return { contents: readFileSync(resolved, 'utf8') }
  }

  let output: SolcOutput = {}
  if (files.length > 0) {
    const input = { language: 'Solidity', sources, settings: compilerSettings }
    output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput
  }

  const messages = output.errors ?? []
  const errors = messages.filter((m) => m.severity === 'error')
  if (errors.length > 0) {
    throw new ContractsBuildError(
      `solc ${solc.version()} failed with ${errors.length} error(s):\n\n${errors.map((e) => e.formattedMessage).join('\n')}`,
    )
  }
  const warnings = messages.filter((m) => m.severity === 'warning').map((m) => m.formattedMessage)

  const artifacts: Artifact[] = []
  const seen = new Map<string, string>()
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
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

  rmSync(paths.out, { recursive: true, force: true })
  rmSync(paths.generated, { recursive: true, force: true })
  mkdirSync(paths.out, { recursive: true })
  mkdirSync(paths.generated, { recursive: true })
  for (const artifact of artifacts) {
    writeFileSync(join(paths.out, `${artifact.contractName}.json`), `${JSON.stringify(artifact, null, 2)}\n`)
  }
  writeFileSync(join(paths.generated, 'abis.ts'), renderAbisTs(artifacts))

  const allSources: Record<string, string> = {}
  for (const [name, { content }] of Object.entries(sources)) allSources[name] = content
  for (const [name, resolved] of Object.entries(imports)) allSources[name] = readFileSync(resolved, 'utf8')
  const importsFromRoot: Record<string, string> = {}
  for (const [name, resolved] of Object.entries(imports)) importsFromRoot[name] = relative(rootDir, resolved)
  const info: BuildInfo = { key: cacheKey(allSources), files: files.map(sourceUnitName), imports: importsFromRoot }
  writeFileSync(buildInfoPath(), `${JSON.stringify(info, null, 2)}\n`)

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
    const result = buildContracts({ force })
    for (const warning of result.warnings) console.warn(warning)
    if (result.skipped) {
      console.log(`contracts: up to date (${result.artifacts.length} artifacts in contracts/out)`)
    } else if (result.artifacts.length === 0) {
      console.log('contracts: no .sol files in contracts/src; wrote an empty contracts/generated/abis.ts')
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
