// A benchmark any folder can register: export `benchmarks` (an array of these) from a
// `*.bench.ts` file anywhere in the repository and `npm run bench` finds it.
//
//   // src/protocol/tree/tree.bench.ts
//   import type { Benchmark } from '../../../scripts/bench/types'
//   export const benchmarks: Benchmark[] = [{ name: 'tree: insert depth 16', fn: () => tree.insert(...) }]

export type Benchmark = {
  /** Shown in the table; make it unique and say what one iteration does. */
  name: string
  /** Runs once before warm-up (load WASM, build fixtures). Not timed. */
  setup?: () => void | Promise<void>
  /** One iteration. May be async; its promise is awaited inside the timing. */
  fn: () => unknown
  /** Stop after this many timed iterations (default: as many as fit in `minTimeMs`, at least 5). */
  iterations?: number
  /** Time budget for the timed iterations, in ms (default 1000). */
  minTimeMs?: number
  /** Untimed iterations before measuring (default 3). */
  warmup?: number
  /**
   * Values other than time, read once after the run (e.g. `{ gas: 61_234n }`); each key becomes a
   * column of the table.
   */
  metrics?: () => Record<string, string | number | bigint>
}
