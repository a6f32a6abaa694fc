import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CIRCUIT_MAIN, CIRCUIT_NAME, REPO_ROOT } from './paths.js'

export type CompiledCircuit = {
  r1cs: string
  sym: string
  wasm: string
  /** The compiler's report (constraint count, wires, ...). */
  log: string
}

/**
 * Compile the batch circuit with circom2 exactly as documented:
 * `circom2 circuits/batch.circom --r1cs --wasm --sym --O2 -l node_modules -o <outDir>`,
 * run from the repo root (circom2 runs as WASI and only sees files under its cwd).
 */
export async function compileCircuit(outDir: string): Promise<CompiledCircuit> {
  mkdirSync(outDir, { recursive: true })
  const args = [
    CIRCUIT_MAIN, '--r1cs', '--wasm', '--sym', '--O2', '-l', 'node_modules',
    '-o', relative(REPO_ROOT, outDir),
  ]
  const log = await run(join(REPO_ROOT, 'node_modules', '.bin', 'circom2'), args)
  return {
    r1cs: join(outDir, `${CIRCUIT_NAME}.r1cs`),
    sym: join(outDir, `${CIRCUIT_NAME}.sym`),
    wasm: join(outDir, `${CIRCUIT_NAME}_js`, `${CIRCUIT_NAME}.wasm`),
    log,
  }
}

/** circom compiler version string, e.g. "2.2.3". */
export async function circomVersion(): Promise<string> {
  const out = await run(join(REPO_ROOT, 'node_modules', '.bin', 'circom2'), ['--version'])
  const match = /circom compiler (\S+)/.exec(out)
  if (!match) throw new Error(`unexpected circom2 --version output: ${out}`)
  return match[1] as string
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.on('error', reject)
    child.on('close', (code) => {
      // Strip ANSI colours so callers can parse the report.
      const clean = output.replace(/\x1b\[[0-9;]*m/g, '')
      if (code === 0) resolvePromise(clean)
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${clean}`))
    })
  })
}
