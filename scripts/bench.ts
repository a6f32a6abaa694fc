// `npm run bench [filter…] [--json]`: finds every `*.bench.ts` in the repository, imports it,
// runs the `benchmarks` it exports (see scripts/bench/types.ts) and prints one table. A filter
// keeps benchmarks whose id is it or whose name or file contains it, plus the baselines they name (a benchmark's
// `baseline` runs in the same process so the table can show the ratio of the two means). Speed
// belongs here, not in tests.
import { readdirSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { attachBaselines, baselineLegend, checkBaselines, selectWithBaselines, type BenchEntry } from './bench/baseline'
import { formatTable, runBenchmark, validateBenchmarks } from './bench/runBenchmarks'
import type { BenchResult, Benchmark } from './bench/types'

const rootDir = resolve(fileURLToPath(import.meta.url), '..', '..')
const SKIP = new Set(['node_modules', '.git', 'dist', '.devnet', 'test-results', 'playwright-report'])
const SKIP_PATHS = new Set(['circuits/build', 'contracts/out', 'contracts/generated'])

function findBenchFiles(dir: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    const rel = relative(rootDir, full).split(sep).join('/')
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name) && !SKIP_PATHS.has(rel)) found.push(...findBenchFiles(full))
    } else if (entry.isFile() && entry.name.endsWith('.bench.ts')) found.push(full)
  }
  return found.sort()
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  // `npm run bench ID --json` hands --json to npm, which passes it on as npm_config_json.
  const json = args.includes('--json') || process.env.npm_config_json === 'true'
  const filters = args.filter((a) => !a.startsWith('--'))
  const files = findBenchFiles(rootDir)
  if (files.length === 0) {
    console.log('no benchmarks yet: add a *.bench.ts file exporting `benchmarks` (see scripts/bench/types.ts)')
    return
  }

  // Import every file first: a kept benchmark may name a baseline in a file the filter drops.
  const entries: BenchEntry[] = []
  let failed = false
  for (const file of files) {
    const rel = relative(rootDir, file).split(sep).join('/')
    const mod = (await import(pathToFileURL(file).href)) as { benchmarks?: unknown }
    const problem = validateBenchmarks(mod.benchmarks)
    if (problem) {
      console.error(`${rel}: ${problem}`)
      failed = true
      continue
    }
    for (const bench of mod.benchmarks as Benchmark[]) entries.push({ bench, file: rel })
  }
  for (const problem of checkBaselines(entries)) {
    console.error(problem)
    failed = true
  }

  // An id matches exactly (so `l1-gas-per-transfer-k1` does not also run `-k16`); names and files by substring.
  const keep = (e: BenchEntry) => filters.length === 0 || filters.some((f) => e.bench.id === f || e.bench.name.includes(f) || e.file.includes(f))
  const runs: { entry: BenchEntry; result: BenchResult | undefined }[] = []
  for (const { entry, baselineOnly } of selectWithBaselines(entries, keep)) {
    if (!json) process.stderr.write(`running ${entry.bench.name}${baselineOnly ? ' (baseline)' : ''}…\n`)
    try {
      const result = await runBenchmark(entry.bench, entry.file)
      runs.push({ entry, result: baselineOnly ? { ...result, baselineOnly } : result })
    } catch (err) {
      console.error(`${entry.file}: ${entry.bench.name} threw:`, err)
      runs.push({ entry, result: undefined })
      failed = true
    }
  }
  const results = attachBaselines(runs, entries)
  if (json) console.log(JSON.stringify(results, null, 2))
  else if (results.length === 0) console.log(filters.length > 0 ? `no benchmark matches ${filters.join(', ')}` : 'no benchmarks yet')
  else {
    const legend = baselineLegend(results)
    console.log(`\n${formatTable(results)}\n${legend.length > 0 ? `\n${legend.join('\n')}\n` : ''}\nNode ${process.version}, ${process.platform}-${process.arch}`)
  }
  if (failed) process.exit(1)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
