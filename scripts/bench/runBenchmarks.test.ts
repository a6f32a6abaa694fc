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
    expect(result.metrics).toEqual({ gas: '61,234' })
    const [header, , row] = formatTable([result]).split('\n')
    expect(header).toMatch(/\| +gas \|$/)
    expect(row).toMatch(/61,234 \|$/)
  })

  it('rejects modules without a usable benchmarks array', () => {
    expect(validateBenchmarks(undefined)).toMatch(/does not export/)
    expect(validateBenchmarks([{ name: 'a' }])).toMatch(/has no fn/)
    expect(validateBenchmarks([{ name: 'a', fn: () => 1 }])).toBeUndefined()
  })
})
