import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { sha256Bytes } from './hash.js'
import { CIRCUIT_MAIN, REPO_ROOT } from './paths.js'

const INCLUDE = /^\s*include\s+"([^"]+)"\s*;/gm

/**
 * Every circom file the main circuit includes, transitively, resolved the way circom resolves
 * them (relative to the including file first, then the `-l node_modules` library path), as
 * repo-relative paths in a stable order. circomlib files are part of the circuit too: a
 * different circomlib would be a different circuit.
 */
export function collectCircuitSources(main: string = CIRCUIT_MAIN): string[] {
  const seen = new Set<string>()
  const visit = (path: string): void => {
    if (seen.has(path)) return
    seen.add(path)
    const text = readFileSync(join(REPO_ROOT, path), 'utf8')
    for (const match of text.matchAll(INCLUDE)) {
      const target = match[1] as string
      const candidates = [join(dirname(path), target), join('node_modules', target)]
      const found = candidates.find((candidate) => existsSync(join(REPO_ROOT, candidate)))
      if (found === undefined) throw new Error(`${path}: cannot resolve include "${target}"`)
      visit(relative(REPO_ROOT, join(REPO_ROOT, found)))
    }
  }
  visit(main)
  return [...seen].sort()
}

/** sha256 of every circuit source file, keyed by repo-relative path. */
export function hashCircuitSources(main: string = CIRCUIT_MAIN): Record<string, string> {
  const hashes: Record<string, string> = {}
  for (const path of collectCircuitSources(main)) {
    hashes[path] = sha256Bytes(readFileSync(join(REPO_ROOT, path)))
  }
  return hashes
}
