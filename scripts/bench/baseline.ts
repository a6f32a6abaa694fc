// Baselines: a benchmark names another (by `id` or `name`) that does the same work another way,
// and the table reports how the two means compare. Both are measured in the same process of the
// same `npm run bench`, so the ratio compares like with like on whatever machine runs it.
import type { BaselineComparison, BenchResult, Benchmark } from './types'

/** A discovered benchmark and the file (relative to the repository root) that exports it. */
export type BenchEntry = { bench: Benchmark; file: string }

/** How a row is called in another row's "vs baseline" cell. */
export const baselineLabel = (bench: Benchmark): string => bench.id ?? bench.name

/**
 * The benchmark `ref` names: the one whose `id` is `ref`, else the one whose `name` is `ref`.
 * Undefined when none or (for names) more than one matches; `checkBaselines` reports both.
 */
export function findBaseline(ref: string, entries: readonly BenchEntry[]): BenchEntry | undefined {
  const byId = entries.filter((e) => e.bench.id === ref)
  if (byId.length > 0) return byId.length === 1 ? byId[0] : undefined
  const byName = entries.filter((e) => e.bench.name === ref)
  return byName.length === 1 ? byName[0] : undefined
}

/** Every problem with ids and baseline references across all discovered benchmarks, one line each. */
export function checkBaselines(entries: readonly BenchEntry[]): string[] {
  const problems: string[] = []
  const ids = new Map<string, BenchEntry>()
  for (const entry of entries) {
    const { id } = entry.bench
    if (id === undefined) continue
    const first = ids.get(id)
    if (first) problems.push(`${entry.file}: ${entry.bench.name}: id "${id}" is already used by ${first.bench.name} (${first.file})`)
    else ids.set(id, entry)
  }
  for (const entry of entries) {
    const ref = entry.bench.baseline
    if (ref === undefined) continue
    const where = `${entry.file}: ${entry.bench.name}`
    const byName = entries.filter((e) => e.bench.name === ref)
    if (!ids.has(ref) && byName.length > 1) problems.push(`${where}: baseline "${ref}" names ${byName.length} benchmarks; give it an id`)
    else if (!ids.has(ref) && byName.length === 0) problems.push(`${where}: baseline "${ref}" is neither the id nor the name of a benchmark`)
    else if (findBaseline(ref, entries) === entry) problems.push(`${where}: is its own baseline`)
  }
  return problems
}

/**
 * The benchmarks to run, in discovery order: those `keep` selects, plus the baselines they name
 * (and those baselines' baselines), which a filter must not drop or the ratio would be lost.
 * `baselineOnly` marks the rows that run only for that reason.
 */
export function selectWithBaselines(
  entries: readonly BenchEntry[],
  keep: (entry: BenchEntry) => boolean,
): { entry: BenchEntry; baselineOnly: boolean }[] {
  const kept = new Set(entries.filter(keep))
  const needed = new Set(kept)
  const pending = [...kept]
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const baseline = entry.bench.baseline === undefined ? undefined : findBaseline(entry.bench.baseline, entries)
    if (baseline && !needed.has(baseline)) {
      needed.add(baseline)
      pending.push(baseline)
    }
  }
  return entries.filter((e) => needed.has(e)).map((entry) => ({ entry, baselineOnly: !kept.has(entry) }))
}

/**
 * Fills in `vsBaseline` for every result whose benchmark names a baseline, from the results of
 * the same run (`undefined` for a benchmark that threw). A baseline that threw, or that no
 * benchmark answers to, is reported as not run rather than dropped.
 */
export function attachBaselines(
  runs: readonly { entry: BenchEntry; result: BenchResult | undefined }[],
  entries: readonly BenchEntry[],
): BenchResult[] {
  const resultOf = new Map(runs.map((r) => [r.entry, r.result]))
  const out: BenchResult[] = []
  for (const { entry, result } of runs) {
    if (!result) continue
    const ref = entry.bench.baseline
    if (ref === undefined) {
      out.push(result)
      continue
    }
    const baseline = findBaseline(ref, entries)
    const baselineResult = baseline ? resultOf.get(baseline) : undefined
    const label = baseline ? baselineLabel(baseline.bench) : ref
    out.push({
      ...result,
      vsBaseline: baselineResult
        ? { status: 'measured', baseline: label, ratio: baselineResult.meanMs / result.meanMs }
        : { status: 'not run', baseline: label },
    })
  }
  return out
}

/** A ratio with three significant digits, without exponent notation for large values. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '-'
  return ratio >= 100 ? Math.round(ratio).toLocaleString('en-US') : ratio.toPrecision(3)
}

/** The "vs baseline" cell: "12.9× faster than X", "3.10× slower than X", or why there is no ratio. */
export function formatComparison(comparison: BaselineComparison): string {
  if (comparison.status === 'not run') return `baseline not run (${comparison.baseline})`
  const { ratio, baseline } = comparison
  if (!Number.isFinite(ratio) || ratio <= 0) return `no ratio (${baseline})`
  // Below 1 the row is the slower one: say so, with the inverse ratio, rather than "0.32× faster".
  const faster = formatRatio(ratio)
  const slower = formatRatio(1 / ratio)
  if (faster === '1.00' || slower === '1.00') return `same speed as ${baseline} (1.00×)`
  return ratio > 1 ? `${faster}× faster than ${baseline}` : `${slower}× slower than ${baseline}`
}

/** The lines printed under the table that say how to read the baseline column. */
export function baselineLegend(results: readonly BenchResult[]): string[] {
  if (!results.some((r) => r.vsBaseline)) return []
  const lines = [
    'vs baseline: "N× faster than B" means N = mean of B ÷ mean of this row; "N× slower than B" means',
    '  N = mean of this row ÷ mean of B. B ran in this same process, in this same run.',
  ]
  if (results.some((r) => r.baselineOnly)) lines.push('†: ran only as the baseline of a row the filter kept.')
  if (results.some((r) => r.vsBaseline?.status === 'not run')) {
    lines.push('baseline not run: the baseline threw, or no benchmark has that id or name (see the errors above).')
  }
  return lines
}
