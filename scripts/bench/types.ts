// A benchmark any folder can register: export `benchmarks` (an array of these) from a
// `*.bench.ts` file anywhere in the repository and `npm run bench` finds it.
//
//   // src/protocol/tree/tree.bench.ts
//   import type { Benchmark } from '../../../scripts/bench/types'
//   export const benchmarks: Benchmark[] = [{ name: 'tree: insert depth 16', fn: () => tree.insert(...) }]
//
// A benchmark can name a `baseline`: another benchmark (in any file) that does the same job
// another way. Both run in the same `npm run bench` process, and the table shows the ratio of
// their means, e.g. "12.9× faster than circomlibjs verify".

export type Benchmark = {
  /** Shown in the table; make it unique and say what one iteration does. */
  name: string
  /**
   * A short, unique handle other benchmarks can name as their `baseline`; also how this benchmark
   * is called in their "vs baseline" cell (the full `name` when absent).
   */
  id?: string
  /**
   * The `id` or `name` of the benchmark this one is compared with: the same work done another
   * way (another library, the unoptimised path, a cold start). It runs even when a filter leaves
   * it out. Do not name something that does different work: the ratio would mean nothing.
   */
  baseline?: string
  /** Runs once before warm-up (load WASM, build fixtures). Not timed. */
  setup?: () => void | Promise<void>
  /** Runs before every warm-up and timed iteration (e.g. drop a cache to time a cold start). Not timed. */
  beforeEach?: () => void | Promise<void>
  /** Runs once after the timed iterations, even when one threw (release threads, close servers). Not timed. */
  teardown?: () => void | Promise<void>
  /** One iteration. May be async; its promise is awaited inside the timing. */
  fn: () => unknown
  /** Stop after this many timed iterations (default: as many as fit in `minTimeMs`, at least 5). */
  iterations?: number
  /** Time budget for the timed iterations, in ms (default 1000). */
  minTimeMs?: number
  /** Untimed iterations before measuring (default 3). */
  warmup?: number
  /**
   * Values other than time, read once after the run (e.g. `{ gas: 61_234n }`, or a time per unit
   * of work from `timing.meanMs`); each key becomes a column of the table.
   */
  metrics?: (timing: BenchTiming) => Record<string, string | number | bigint>
}

/** What a run measured, as handed to `metrics`. */
export type BenchTiming = {
  iterations: number
  meanMs: number
  p50Ms: number
  p95Ms: number
}

/** One row of the table (and one element of `npm run bench --json`). */
export type BenchResult = BenchTiming & {
  name: string
  id?: string
  file: string
  opsPerSec: number
  /** What the benchmark's `metrics` returned: numbers as numbers (bigints that fit), text as text. */
  metrics: Record<string, string | number>
  /** Set when the benchmark names a baseline (see scripts/bench/baseline.ts). */
  vsBaseline?: BaselineComparison
  /** True when the filter left this row out and it ran only as another row's baseline. */
  baselineOnly?: boolean
}

/** How a row compares with its baseline; `ratio` is the baseline's mean ÷ this row's mean. */
export type BaselineComparison =
  | { status: 'measured'; baseline: string; ratio: number }
  | { status: 'not run'; baseline: string }
