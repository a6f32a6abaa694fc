import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { CIRCUIT_MAIN, REPO_ROOT } from './paths.js'

export type CompiledCircuit = {
  r1cs: string
  sym: string
  wasm: string
  /** The compiler's report (constraint count, wires, ...). */
  log: string
}

/**
 * Compile a circuit with circom2 exactly as documented:
 * `circom2 <main> --r1cs --wasm --sym --O2 -l node_modules -o <outDir>`, run from the repo root
 * (circom2 runs as WASI and only sees files under its cwd). `main` defaults to the batch circuit.
 */
export async function compileCircuit(outDir: string, main: string = CIRCUIT_MAIN): Promise<CompiledCircuit> {
  mkdirSync(outDir, { recursive: true })
  const args = [main, '--r1cs', '--wasm', '--sym', '--O2', '-l', 'node_modules', '-o', relative(REPO_ROOT, outDir)]
  const log = await run(join(REPO_ROOT, 'node_modules', '.bin', 'circom2'), args)
  const name = basename(main, '.circom')
  return {
    r1cs: join(outDir, `${name}.r1cs`),
    sym: join(outDir, `${name}.sym`),
    wasm: join(outDir, `${name}_js`, `${name}.wasm`),
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
