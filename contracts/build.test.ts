import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  buildContracts,
  checkCodeSizes,
  committedAbisPath,
  ContractCodeSizeError,
  MAX_INIT_CODE_BYTES,
  MAX_RUNTIME_CODE_BYTES,
  optimizerRunsFor,
  paths,
} from './build'

/** An artifact whose runtime and creation code are `runtime` and `init` bytes long. */
function sized(contractName: string, runtime: number, init = runtime + 32) {
  return {
    contractName,
    sourceName: `${contractName}.sol`,
    bytecode: `0x${'60'.repeat(init)}`,
    deployedBytecode: `0x${'60'.repeat(runtime)}`,
  }
}

describe('checkCodeSizes', () => {
  it('accepts runtime code of exactly 24,576 bytes and init code of exactly 49,152', () => {
    expect(() => checkCodeSizes([sized('AtLimit', MAX_RUNTIME_CODE_BYTES, MAX_INIT_CODE_BYTES)])).not.toThrow()
  })

  it('refuses one byte of runtime code over EIP-170, naming the contract, its size and the limit', () => {
    const error = (() => {
      try {
        checkCodeSizes([sized('Small', 100), sized('Huge', MAX_RUNTIME_CODE_BYTES + 1)])
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ContractCodeSizeError)
    const { oversized, message } = error as ContractCodeSizeError
    expect(oversized).toEqual([
      { contractName: 'Huge', sourceName: 'Huge.sol', code: 'runtime', bytes: 24_577, limit: 24_576 },
    ])
    expect(message).toContain('Huge (Huge.sol): runtime code is 24,577 bytes, 1 over the 24,576-byte limit of EIP-170')
  })

  it('refuses init code over EIP-3860 and lists every offender', () => {
    expect(() =>
      checkCodeSizes([sized('BigInit', 1_000, MAX_INIT_CODE_BYTES + 1), sized('BigRuntime', MAX_RUNTIME_CODE_BYTES + 7)]),
    ).toThrow(
      expect.objectContaining({
        oversized: [
          expect.objectContaining({ contractName: 'BigInit', code: 'init', bytes: 49_153 }),
          expect.objectContaining({ contractName: 'BigRuntime', code: 'runtime', bytes: 24_583 }),
        ],
      }),
    )
  })

  it('counts an unlinked library placeholder as the 20-byte address it becomes', () => {
    const placeholder = `__$${'ab'.repeat(17)}$__` // 40 hex characters, as solc writes it
    const code = `0x${'60'.repeat(MAX_RUNTIME_CODE_BYTES - 20)}${placeholder}`
    const linked = { contractName: 'Linked', sourceName: 'Linked.sol', bytecode: code, deployedBytecode: code }
    expect(() => checkCodeSizes([linked])).not.toThrow()
    expect(() => checkCodeSizes([{ ...linked, deployedBytecode: `${code}00` }])).toThrow(ContractCodeSizeError)
  })

  it('passes interfaces (no code)', () => {
    expect(() => checkCodeSizes([{ contractName: 'IRollup', sourceName: 'interfaces/IRollup.sol', bytecode: '0x', deployedBytecode: '0x' }])).not.toThrow()
  })
})

describe('optimizerRunsFor', () => {
  it('compiles poseidon-solidity for gas (runs 1e6) and everything else with runs 200', () => {
    expect(optimizerRunsFor('poseidon-solidity/PoseidonT6.sol')).toBe(1_000_000)
    expect(optimizerRunsFor('poseidon-solidity/PoseidonT3.sol')).toBe(1_000_000)
    expect(optimizerRunsFor('Rollup.sol')).toBe(200)
    expect(optimizerRunsFor('libraries/PoseidonMerkle.sol')).toBe(200)
    // A whole path segment, not a name prefix: another package does not inherit the override.
    expect(optimizerRunsFor('poseidon-solidity-fork/PoseidonT6.sol')).toBe(200)
  })
})

describe('buildContracts', () => {
  it('fails on a contract over EIP-170 and writes no artifacts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-build-'))
    const saved = { ...paths }
    const mutablePaths = paths as { src: string; out: string; generated: string }
    try {
      Object.assign(mutablePaths, { src: join(dir, 'src'), out: join(dir, 'out'), generated: join(dir, 'generated') })
      mkdirSync(mutablePaths.src)
      // The literal lands in the runtime code's data section: 24,600 bytes plus the code around it.
      writeFileSync(
        join(mutablePaths.src, 'Blob.sol'),
        `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\ncontract Blob {\n  function blob() external pure returns (bytes memory) {\n    return hex"${'ab'.repeat(24_600)}";\n  }\n}\n`,
      )
      expect(() => buildContracts({ force: true })).toThrow(
        expect.objectContaining({ oversized: [expect.objectContaining({ contractName: 'Blob', code: 'runtime' })] }),
      )
      expect(existsSync(mutablePaths.out)).toBe(false)
      expect(existsSync(mutablePaths.generated)).toBe(false)
    } finally {
      Object.assign(mutablePaths, saved)
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('committed ABIs', () => {
  it('contracts/generated/abis.ts is exactly what contracts/src compiles to (else run `npx tsx contracts/build.ts --update-abis`)', () => {
    // Committed so that a fresh clone typechecks the app, relay and tests before any build.
    buildContracts()
    const fresh = readFileSync(join(paths.out, 'abis.ts'), 'utf8')
    expect(existsSync(committedAbisPath()), 'contracts/generated/abis.ts is missing').toBe(true)
    expect(readFileSync(committedAbisPath(), 'utf8') === fresh, 'contracts/generated/abis.ts is stale').toBe(true)
  })
})
