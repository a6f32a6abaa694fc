import { describe, expect, it } from 'vitest'
import { formatDuration, formatTable, percentile, runBenchmark, validateBenchmarks } from './runBenchmarks'

describe('bench runner', () => {
  it('runs setup once, warms up, then times exactly `iterations` calls', async () => {
    let setups = 0
    let calls = 0
    let clock = 0
    const result = await runBenchmark(
      { name: 'x', setup: () => void setups++, fn: () => { calls++; clock += 2 }, iterations: 10, warmup: 2 },
      'a.bench.ts',
      () => clock,
    )
    expect(setups).toBe(1)
    expect(calls).toBe(12)
    expect(result).toMatchObject({ iterations: 10, meanMs: 2, p50Ms: 2, p95Ms: 2, opsPerSec: 500 })
  })

  it('runs beforeEach untimed before every warm-up and timed iteration', async () => {
    const order: string[] = []
    let clock = 0
    const result = await runBenchmark(
      {
        name: 'cold',
        beforeEach: () => { order.push('reset'); clock += 100 },
        fn: () => { order.push('fn'); clock += 3 },
        iterations: 2,
        warmup: 1,
      },
      'a.bench.ts',
      () => clock,
    )
    expect(order).toEqual(['reset', 'fn', 'reset', 'fn', 'reset', 'fn'])
    expect(result).toMatchObject({ iterations: 2, meanMs: 3 })
  })

  it('runs teardown once after the run, also when an iteration throws', async () => {
    const log: string[] = []
    await runBenchmark({ name: 'ok', fn: () => log.push('fn'), teardown: () => void log.push('down'), iterations: 1, warmup: 0 }, 'a.bench.ts')
    expect(log).toEqual(['fn', 'down'])
    const failing = runBenchmark(
      { name: 'boom', fn: () => { throw new Error('boom') }, teardown: () => void log.push('down again'), iterations: 1, warmup: 0 },
      'a.bench.ts',
    )
    await expect(failing).rejects.toThrow('boom')
    expect(log).toEqual(['fn', 'down', 'down again'])
  })

  it('stops on the time budget of timed iterations only, never below 5 samples', async () => {
    let clock = 0
    const slowReset = await runBenchmark(
      { name: 'b', beforeEach: () => void (clock += 1_000), fn: () => void (clock += 10), minTimeMs: 100, warmup: 0 },
      'a.bench.ts',
      () => clock,
    )
    expect(slowReset.iterations).toBe(10)
    const slowFn = await runBenchmark({ name: 'c', fn: () => void (clock += 1_000), minTimeMs: 100, warmup: 0 }, 'a.bench.ts', () => clock)
    expect(slowFn.iterations).toBe(5)
  })

  it('hands the measured timing to metrics, e.g. for a time per unit of work', async () => {
    let clock = 0
    const result = await runBenchmark(
      { name: 'prove', fn: () => void (clock += 1_000), iterations: 2, warmup: 0, metrics: ({ meanMs }) => ({ 'per constraint': `${meanMs / 100} ms` }) },
      'a.bench.ts',
      () => clock,
    )
    expect(result.metrics).toEqual({ 'per constraint': '10 ms' })
  })

  it('computes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(sorted, 50)).toBe(50)
    expect(percentile(sorted, 95)).toBe(95)
    expect(percentile([7], 95)).toBe(7)
  })

  it('formats durations and a table with one row per result', () => {
    expect(formatDuration(0.054)).toBe('54.0 µs')
    expect(formatDuration(27)).toBe('27.0 ms')
    expect(formatDuration(2600)).toBe('2.60 s')
    const table = formatTable([
      { name: 'poseidon', file: 'p.bench.ts', iterations: 3, meanMs: 1, p50Ms: 1, p95Ms: 1, opsPerSec: 1000, metrics: {} },
    ])
    expect(table.split('\n')).toHaveLength(3)
    expect(table).toContain('| poseidon')
  })

  it('reports metrics read after the run as extra columns', async () => {
    let gas = 0n
    const result = await runBenchmark(
      { name: 'deposit', fn: () => void (gas = 61_234n), iterations: 1, warmup: 0, metrics: () => ({ gas }) },
      'g.bench.ts',
    )
    expect(result.metrics).toEqual({ gas: 61_234 })
    expect(formatTable([result])).toContain('61,234')
    const [header, , row] = formatTable([result]).split('\n')
    expect(header).toMatch(/\| +gas \|$/)
    expect(row).toMatch(/61,234 \|$/)
  })

  it('rejects modules without a usable benchmarks array', () => {
    expect(validateBenchmarks(undefined)).toMatch(/does not export/)
    expect(validateBenchmarks([{ name: 'a' }])).toMatch(/has no fn/)
    expect(validateBenchmarks([{ name: 'a', fn: () => 1 }])).toBeUndefined()
    expect(validateBenchmarks([{ name: 'a', fn: () => 1, baseline: '' }])).toMatch(/baseline/)
    expect(validateBenchmarks([{ name: 'a', fn: () => 1, id: 7 }])).toMatch(/id/)
    expect(validateBenchmarks([{ name: 'a', fn: () => 1, beforeEach: 'x' }])).toMatch(/beforeEach/)
    expect(validateBenchmarks([{ name: 'a', fn: () => 1, teardown: 1 }])).toMatch(/teardown/)
    expect(validateBenchmarks([{ name: 'a', fn: () => 1, id: 'a', baseline: 'b', beforeEach: () => 1 }])).toBeUndefined()
  })
})
