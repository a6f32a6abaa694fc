// Test-only Solidity (contracts/test/fixtures/*.sol) is compiled here, in memory, so it never lands in
// contracts/out or the generated ABIs the app and relay import.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import solc from 'solc'
import type { Abi, Hex } from 'viem'
import { compilerSettings } from '../../build'

const fixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures')

export type FixtureArtifact = { abi: Abi; bytecode: Hex }

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

let cache: Record<string, FixtureArtifact> | undefined

/** Compiles every fixture once per process; returns artifacts by contract name. */
export function fixtureArtifacts(): Record<string, FixtureArtifact> {
  if (cache) return cache
  const sources: Record<string, { content: string }> = {}
  for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith('.sol'))) {
    sources[file] = { content: readFileSync(join(fixturesDir, file), 'utf8') }
  }
  const input = { language: 'Solidity', sources, settings: compilerSettings }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(`fixtures failed to compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  const artifacts: Record<string, FixtureArtifact> = {}
  for (const contracts of Object.values(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(contracts)) {
      artifacts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` }
    }
  }
  cache = artifacts
  return artifacts
}

/** One fixture's artifact; throws if no fixture of that name exists. */
export function fixture(name: 'MockVerifier' | 'ReentrantReceiver'): FixtureArtifact {
  const artifact = fixtureArtifacts()[name]
  if (!artifact) throw new Error(`no fixture contract ${name} in contracts/test/fixtures`)
  return artifact
}
