// `npm run lockfile:complete`: adds missing lock entries for other platforms' native binaries.
//
// Why: npm records every platform's optional binary (rollup's @rollup/rollup-darwin-arm64, …)
// in package-lock.json, and npm 11's `npm ci` refuses a lock that lacks any of them ("Missing:
// … from lock file"). The registry mirror this project is built against does not serve some of
// those packages, so `npm install` silently leaves them out (see npm/cli#4828 for the same
// symptom elsewhere). This script writes the entries npm would have written — exact version
// from the parent's optionalDependencies, os/cpu/libc from the package name — without
// `integrity` (npm cannot know it either; it never downloads a package whose platform does not
// match). Run it after `npm install` whenever `npm ci --dry-run` reports such "Missing" entries.
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const OS = ['aix', 'android', 'darwin', 'freebsd', 'linux', 'netbsd', 'openbsd', 'openharmony', 'sunos', 'win32']
const CPU: Record<string, string> = {
  x64: 'x64',
  amd64: 'x64',
  arm64: 'arm64',
  aarch64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
}

export type Platform = { os: string; cpu: string; libc?: 'glibc' | 'musl' }

/** Platform of a native-binary package from its name, e.g. `@rollup/rollup-linux-arm-musleabihf`. */
export function platformFromName(name: string): Platform | undefined {
  const tokens = (name.split('/').pop() ?? name).split('-')
  const os = tokens.find((t) => OS.includes(t))
  const cpuToken = tokens.find((t) => t in CPU)
  if (!os || !cpuToken) return undefined
  const platform: Platform = { os, cpu: CPU[cpuToken] ?? cpuToken }
  if (os === 'linux') {
    if (tokens.some((t) => t.startsWith('musl'))) platform.libc = 'musl'
    else if (tokens.some((t) => t.startsWith('gnu'))) platform.libc = 'glibc'
  }
  return platform
}

type LockEntry = {
  version?: string
  dev?: boolean
  optional?: boolean
  optionalDependencies?: Record<string, string>
  [key: string]: unknown
}
type Lock = { packages: Record<string, LockEntry> }

/** Adds the missing entries in place; returns the names added. */
export function completePlatformOptionals(lock: Lock): string[] {
  const added: string[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      // npm resolves from the parent's own node_modules first, then hoisted at the root.
      const nested = `${path ? `${path}/` : ''}node_modules/${name}`
      if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue
      const platform = platformFromName(name)
      if (!platform || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) continue
      lock.packages[`node_modules/${name}`] = {
        version: spec,
        cpu: [platform.cpu],
        ...(entry.dev ? { dev: true } : {}),
        ...(platform.libc ? { libc: [platform.libc] } : {}),
        optional: true,
        os: [platform.os],
      }
      added.push(`${name}@${spec}`)
    }
  }
  // npm keeps packages sorted by path; so do we, to keep diffs small.
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))))
  return added
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const file = resolve(fileURLToPath(import.meta.url), '..', '..', '..', 'package-lock.json')
  const lock = JSON.parse(readFileSync(file, 'utf8')) as Lock
  const added = completePlatformOptionals(lock)
  if (added.length === 0) console.log('package-lock.json: no platform optional dependency is missing')
  else {
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
    console.log(`package-lock.json: added ${added.length} platform entries:\n  ${added.join('\n  ')}`)
  }
}
