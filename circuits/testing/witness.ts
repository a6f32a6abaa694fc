/**
 * Witness helpers for the circuit tests: compute a witness with the circuit's WASM, read and
 * mutate it, check it against the r1cs, and locate constraints and signals by name.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as snarkjs from 'snarkjs'
import { type CompiledCircuit, compileCircuit } from '../tooling/compile.js'
import { sha256Bytes } from '../tooling/hash.js'
import { ARTIFACT_PATHS, BUILD_DIR, REPO_ROOT } from '../tooling/paths.js'
import { hashCircuitSources } from '../tooling/sources.js'

/** Witness input: signal name → field element(s); bigints, decimal strings or numbers. */
export type WitnessInput = Readonly<Record<string, unknown>>

/** The `.wtns` bytes of a witness computed with `wasm` (default: the committed artifact). */
export async function calculateWitness(input: WitnessInput, wasm: string = ARTIFACT_PATHS.wasm): Promise<Uint8Array> {
  const out: { type: 'mem'; data?: Uint8Array } = { type: 'mem' }
  await snarkjs.wtns.calculate(input, wasm, out)
  if (!out.data) throw new Error('snarkjs wrote no witness')
  return out.data
}

/** Where a failed `===` sits: circom reports the innermost template and the source line. */
export type FailedConstraint = { template: string; line: number }

/**
 * Compute the witness and return the constraint that failed; throws if every constraint held.
 * circom's WASM checks each `===` while computing the witness, so a broken rule surfaces here
 * as "Assert Failed ... Error in template <T>_<id> line: <n>".
 */
export async function witnessFailure(input: WitnessInput, wasm: string = ARTIFACT_PATHS.wasm): Promise<FailedConstraint> {
  const silence = muteCircomErrors()
  try {
    await calculateWitness(input, wasm)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const match = /Error in template (\w+?)_\d+ line: (\d+)/.exec(message)
    if (!match) throw new Error(`witness failed without a constraint location: ${message}`)
    return { template: match[1] as string, line: Number(match[2]) }
  } finally {
    silence()
  }
  throw new Error('the witness satisfied every constraint')
}

/** circom's witness calculator prints every failed assert to stderr; keep test output readable. */
function muteCircomErrors(): () => void {
  const original = console.error
  console.error = () => {}
  return () => {
    console.error = original
  }
}

/** 1-based line of the unique line of `file` (repo-relative) that contains `marker`. */
export function lineOf(file: string, marker: string): number {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n')
  const hits = lines.flatMap((text, i) => (text.includes(marker) ? [i + 1] : []))
  if (hits.length !== 1) throw new Error(`${file}: "${marker}" found on ${hits.length} lines, expected 1`)
  return hits[0] as number
}

// ---- .wtns format: "wtns", version, section count; section 1 = header (n8, q, count),
// ---- section 2 = the values, n8 bytes little-endian each.

type WitnessLayout = { n8: number; count: number; valuesOffset: number }

function layout(wtns: Uint8Array): WitnessLayout {
  const view = new DataView(wtns.buffer, wtns.byteOffset, wtns.byteLength)
  const magic = new TextDecoder().decode(wtns.subarray(0, 4))
  if (magic !== 'wtns') throw new Error('not a .wtns file')
  const sections = view.getUint32(8, true)
  let offset = 12
  let n8 = 0
  let count = 0
  let valuesOffset = -1
  for (let s = 0; s < sections; s++) {
    const type = view.getUint32(offset, true)
    const size = Number(view.getBigUint64(offset + 4, true))
    const start = offset + 12
    if (type === 1) {
      n8 = view.getUint32(start, true)
      count = view.getUint32(start + 4 + n8, true)
    } else if (type === 2) {
      valuesOffset = start
    }
    offset = start + size
  }
  if (n8 === 0 || valuesOffset < 0) throw new Error('malformed .wtns file')
  return { n8, count, valuesOffset }
}

/** Value of witness signal `index` (0 is the constant 1). */
export function witnessValue(wtns: Uint8Array, index: number): bigint {
  const { n8, count, valuesOffset } = layout(wtns)
  if (index < 0 || index >= count) throw new Error(`witness index ${index} out of range`)
  let value = 0n
  for (let i = n8 - 1; i >= 0; i--) value = (value << 8n) | BigInt(wtns[valuesOffset + index * n8 + i]!)
  return value
}

/**
 * The public signals of a witness: snarkjs puts the constant 1 at index 0, then the outputs,
 * then the public inputs in declaration order, and a proof's `publicSignals` are exactly
 * witness values 1..count.
 */
export function publicSignals(wtns: Uint8Array, count: number): bigint[] {
  return Array.from({ length: count }, (_, i) => witnessValue(wtns, i + 1))
}

/** A copy of the witness with signal `index` set to `value`. */
export function withWitnessValue(wtns: Uint8Array, index: number, value: bigint): Uint8Array {
  const { n8, count, valuesOffset } = layout(wtns)
  if (index < 0 || index >= count) throw new Error(`witness index ${index} out of range`)
  const copy = wtns.slice()
  let rest = value
  for (let i = 0; i < n8; i++) {
    copy[valuesOffset + index * n8 + i] = Number(rest & 0xffn)
    rest >>= 8n
  }
  return copy
}

/**
 * Check the witness against every r1cs constraint (snarkjs `wtns check`): true when all hold.
 * snarkjs calls `logger.warn` unconditionally on failure, so a (silent) logger is required.
 */
export async function witnessSatisfies(r1cs: string, wtns: Uint8Array): Promise<boolean> {
  const quiet = () => {}
  return snarkjs.wtns.check(r1cs, { type: 'mem', data: wtns }, { debug: quiet, info: quiet, warn: quiet, error: quiet })
}

/**
 * Witness index of the signal named exactly `name` (e.g. `main.slot[0].flag[3]`), from the
 * .sym file, or null when --O2 substituted it away (it is then a linear combination of others).
 */
export function signalIndex(sym: string, name: string): number | null {
  const text = readFileSync(sym, 'utf8')
  const at = text.indexOf(`,${name}\n`)
  if (at < 0) throw new Error(`${name} not in ${sym}`)
  const line = text.slice(text.lastIndexOf('\n', at) + 1, at)
  const witness = Number(line.split(',')[1])
  return witness >= 0 ? witness : null
}

/**
 * The circuit compiled from the current sources (r1cs, sym, wasm), cached under
 * circuits/build/test-<hash of the circom2 version and the sources>/ so the suites compile it
 * at most once (~30 s); a fresh checkout (CI) always compiles.
 */
export async function compiledForTests(): Promise<CompiledCircuit> {
  const circom2 = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'circom2', 'package.json'), 'utf8')) as {
    version: string
  }
  const key = sha256Bytes(JSON.stringify([circom2.version, hashCircuitSources()])).slice(0, 16)
  const dir = join(BUILD_DIR, `test-${key}`)
  const done = join(dir, 'COMPLETE')
  if (existsSync(done)) {
    return {
      r1cs: join(dir, 'batch.r1cs'),
      sym: join(dir, 'batch.sym'),
      wasm: join(dir, 'batch_js', 'batch.wasm'),
      log: readFileSync(done, 'utf8'),
    }
  }
  const compiled = await compileCircuit(dir)
  writeFileSync(done, compiled.log)
  return compiled
}
