import { formatComparison } from './baseline'
import type { BenchResult, Benchmark } from './types'

export type { BenchResult } from './types'

/** Percentile of sorted samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN
}

/**
 * Times one benchmark: setup, warm-up, then iterations until the count or time budget is met,
 * then teardown (also when something threw). `beforeEach` runs (untimed) before every warm-up
 * and timed iteration; the budget counts only timed iterations, so a slow `beforeEach` cannot
 * starve the sample count.
 */
export async function runBenchmark(bench: Benchmark, file: string, now: () => number = () => performance.now()): Promise<BenchResult> {
  let samples: number[]
  try {
    samples = await collectSamples(bench, now)
  } finally {
    await bench.teardown?.()
  }
  const sorted = [...samples].sort((a, b) => a - b)
  const timing = {
    iterations: samples.length,
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
  }
  // Raw values, so `--json` readers get numbers (a bigint beyond 2^53 stays exact as a decimal string);
  // only the table formats them.
  const metrics: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(bench.metrics?.(timing) ?? {})) {
    metrics[key] = typeof value === 'bigint' ? (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()) : value
  }
  return {
    name: bench.name,
    ...(bench.id !== undefined ? { id: bench.id } : {}),
    file,
    ...timing,
    opsPerSec: timing.meanMs > 0 ? 1_000 / timing.meanMs : Number.POSITIVE_INFINITY,
    metrics,
  }
}

async function collectSamples(bench: Benchmark, now: () => number): Promise<number[]> {
  await bench.setup?.()
  for (let i = 0; i < (bench.warmup ?? 3); i++) {
    await bench.beforeEach?.()
    await bench.fn()
  }
  const samples: number[] = []
  const budget = bench.minTimeMs ?? 1_000
  let timed = 0
  while (bench.iterations !== undefined ? samples.length < bench.iterations : samples.length < 5 || timed < budget) {
    await bench.beforeEach?.()
    const t0 = now()
    await bench.fn()
    const elapsed = now() - t0
    samples.push(elapsed)
    timed += elapsed
  }
  return samples
}

/** A metric for the table: numbers with thousands separators, text as it is. */
function formatMetric(value: string | number | undefined): string {
  if (value === undefined) return ''
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : value
}

/** Milliseconds as µs / ms / s with three significant digits. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '-'
  if (ms < 1) return `${(ms * 1_000).toPrecision(3)} µs`
  if (ms < 1_000) return `${ms.toPrecision(3)} ms`
  return `${(ms / 1_000).toPrecision(3)} s`
}

/**
 * A plain-text (markdown) table, one row per result; metric keys become extra columns, and a
 * "vs baseline" column appears when any row names a baseline (read it with `baselineLegend`).
 * Rows that ran only as a baseline are marked †.
 */
export function formatTable(results: BenchResult[]): string {
  const metricKeys = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))]
  const hasBaselines = results.some((r) => r.vsBaseline)
  const header = ['benchmark', 'file', 'iterations', 'mean', 'p50', 'p95', 'ops/s', ...(hasBaselines ? ['vs baseline'] : []), ...metricKeys]
  const rows = results.map((r) => [
    r.baselineOnly ? `${r.name} †` : r.name,
    r.file,
    String(r.iterations),
    formatDuration(r.meanMs),
    formatDuration(r.p50Ms),
    formatDuration(r.p95Ms),
    Number.isFinite(r.opsPerSec) ? r.opsPerSec.toFixed(r.opsPerSec < 10 ? 2 : 0) : '-',
    ...(hasBaselines ? [r.vsBaseline ? formatComparison(r.vsBaseline) : ''] : []),
    ...metricKeys.map((key) => formatMetric(r.metrics[key])),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)))
  const firstMetric = hasBaselines ? 8 : 7 // the baseline column is text: left-aligned
  const numeric = new Set([2, 3, 4, 5, 6, ...metricKeys.map((_, i) => firstMetric + i)])
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** Checks a module's `benchmarks` export; returns a reason when it is not usable. */
export function validateBenchmarks(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'does not export a `benchmarks` array'
  for (const [i, b] of value.entries()) {
    if (typeof b !== 'object' || b === null) return `benchmarks[${i}] is not an object`
    const { name, fn, id, baseline, beforeEach, teardown } = b as Partial<Benchmark>
    if (typeof name !== 'string' || name === '') return `benchmarks[${i}] has no name`
    if (typeof fn !== 'function') return `benchmarks[${i}] (${name}) has no fn`
    if (id !== undefined && (typeof id !== 'string' || id === '')) return `benchmarks[${i}] (${name}) has an empty or non-string id`
    if (baseline !== undefined && (typeof baseline !== 'string' || baseline === '')) return `benchmarks[${i}] (${name}) has an empty or non-string baseline`
    if (beforeEach !== undefined && typeof beforeEach !== 'function') return `benchmarks[${i}] (${name}) has a beforeEach that is not a function`
    if (teardown !== undefined && typeof teardown !== 'function') return `benchmarks[${i}] (${name}) has a teardown that is not a function`
  }
  return undefined
}
