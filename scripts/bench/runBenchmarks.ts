import type { Benchmark } from './types'

export type BenchResult = {
  name: string
  file: string
  iterations: number
  meanMs: number
  p50Ms: number
  p95Ms: number
  opsPerSec: number
  metrics: Record<string, string>
}

/** Percentile of sorted samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN
}

/** Times one benchmark: setup, warm-up, then iterations until the count or time budget is met. */
export async function runBenchmark(bench: Benchmark, file: string, now: () => number = () => performance.now()): Promise<BenchResult> {
  await bench.setup?.()
  for (let i = 0; i < (bench.warmup ?? 3); i++) await bench.fn()
  const samples: number[] = []
  const budget = bench.minTimeMs ?? 1_000
  const start = now()
  while (bench.iterations !== undefined ? samples.length < bench.iterations : samples.length < 5 || now() - start < budget) {
    const t0 = now()
    await bench.fn()
    samples.push(now() - t0)
  }
  const sorted = [...samples].sort((a, b) => a - b)
  const meanMs = samples.reduce((a, b) => a + b, 0) / samples.length
  const metrics: Record<string, string> = {}
  for (const [key, value] of Object.entries(bench.metrics?.() ?? {})) {
    metrics[key] = typeof value === 'string' ? value : value.toLocaleString('en-US')
  }
  return {
    name: bench.name,
    file,
    iterations: samples.length,
    meanMs,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    opsPerSec: meanMs > 0 ? 1_000 / meanMs : Number.POSITIVE_INFINITY,
    metrics,
  }
}

/** Milliseconds as µs / ms / s with three significant digits. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '-'
  if (ms < 1) return `${(ms * 1_000).toPrecision(3)} µs`
  if (ms < 1_000) return `${ms.toPrecision(3)} ms`
  return `${(ms / 1_000).toPrecision(3)} s`
}

/** A plain-text table, one row per result; metric keys become extra columns. */
export function formatTable(results: BenchResult[]): string {
  const metricKeys = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))]
  const header = ['benchmark', 'file', 'iterations', 'mean', 'p50', 'p95', 'ops/s', ...metricKeys]
  const rows = results.map((r) => [
    r.name,
    r.file,
    String(r.iterations),
    formatDuration(r.meanMs),
    formatDuration(r.p50Ms),
    formatDuration(r.p95Ms),
    Number.isFinite(r.opsPerSec) ? r.opsPerSec.toFixed(r.opsPerSec < 10 ? 2 : 0) : '-',
    ...metricKeys.map((key) => r.metrics[key] ?? ''),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)))
  const numeric = new Set([2, 3, 4, 5, 6, ...metricKeys.map((_, i) => 7 + i)])
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
    const { name, fn } = b as Partial<Benchmark>
    if (typeof name !== 'string' || name === '') return `benchmarks[${i}] has no name`
    if (typeof fn !== 'function') return `benchmarks[${i}] (${name}) has no fn`
  }
  return undefined
}
