import { describe, expect, it } from 'vitest'
import {
  attachBaselines,
  baselineLegend,
  checkBaselines,
  findBaseline,
  formatComparison,
  formatRatio,
  selectWithBaselines,
  type BenchEntry,
} from './baseline'
import { formatTable } from './runBenchmarks'
import type { BenchResult, Benchmark } from './types'

const entry = (bench: Omit<Benchmark, 'fn'>, file = 'a.bench.ts'): BenchEntry => ({ bench: { fn: () => 0, ...bench }, file })

const result = (name: string, meanMs: number, extra: Partial<BenchResult> = {}): BenchResult => ({
  name,
  file: 'a.bench.ts',
  iterations: 5,
  meanMs,
  p50Ms: meanMs,
  p95Ms: meanMs,
  opsPerSec: 1_000 / meanMs,
  metrics: {},
  ...extra,
})

describe('finding and checking baselines', () => {
  const ref = entry({ name: 'circomlibjs verify (reference)', id: 'circomlibjs verify' }, 'p.bench.ts')
  const ours = entry({ name: 'verify', baseline: 'circomlibjs verify' }, 'p.bench.ts')
  const byName = entry({ name: 'verify again', baseline: 'verify' }, 'q.bench.ts')

  it('resolves a reference by id first, then by exact name', () => {
    expect(findBaseline('circomlibjs verify', [ref, ours])).toBe(ref)
    expect(findBaseline('verify', [ref, ours, byName])).toBe(ours)
    expect(findBaseline('verif', [ref, ours])).toBeUndefined()
    // an id shadows a benchmark of the same name
    const shadow = entry({ name: 'circomlibjs verify' })
    expect(findBaseline('circomlibjs verify', [shadow, ref])).toBe(ref)
  })

  it('accepts valid references and reports every broken one', () => {
    expect(checkBaselines([ref, ours, byName])).toEqual([])
    const problems = checkBaselines([
      ref,
      entry({ name: 'dup', id: 'circomlibjs verify' }, 'b.bench.ts'),
      entry({ name: 'typo', baseline: 'circomlib verify' }),
      entry({ name: 'self', baseline: 'self' }),
      entry({ name: 'twin' }),
      entry({ name: 'twin' }),
      entry({ name: 'ambiguous', baseline: 'twin' }),
    ])
    expect(problems).toHaveLength(4)
    expect(problems[0]).toMatch(/b\.bench\.ts: dup: id "circomlibjs verify" is already used by circomlibjs verify \(reference\) \(p\.bench\.ts\)/)
    expect(problems[1]).toMatch(/typo: baseline "circomlib verify" is neither the id nor the name/)
    expect(problems[2]).toMatch(/self: is its own baseline/)
    expect(problems[3]).toMatch(/ambiguous: baseline "twin" names 2 benchmarks/)
  })
})

describe('selecting benchmarks with their baselines', () => {
  const cold = entry({ name: 'cold', id: 'c' }, 'x.bench.ts')
  const warm = entry({ name: 'warm', baseline: 'c' }, 'x.bench.ts')
  const hot = entry({ name: 'hot', baseline: 'warm' }, 'y.bench.ts')
  const other = entry({ name: 'other' }, 'y.bench.ts')
  const all = [cold, warm, hot, other]

  it('runs a filtered-out baseline anyway (transitively), in discovery order, marked baselineOnly', () => {
    const picked = selectWithBaselines(all, (e) => e.file === 'y.bench.ts')
    expect(picked.map((p) => [p.entry.bench.name, p.baselineOnly])).toEqual([
      ['cold', true],
      ['warm', true],
      ['hot', false],
      ['other', false],
    ])
  })

  it('adds nothing when the baseline is already kept, or when there is no filter', () => {
    expect(selectWithBaselines(all, () => true).every((p) => !p.baselineOnly)).toBe(true)
    expect(selectWithBaselines(all, (e) => e === other).map((p) => p.entry)).toEqual([other])
  })
})

describe('ratios', () => {
  const cold = entry({ name: 'verify, cold', id: 'cold verify' })
  const warm = entry({ name: 'verify, warm', baseline: 'cold verify' })
  const slow = entry({ name: 'verify, slow', baseline: 'verify, warm' })

  it('is the baseline mean divided by this row mean, labelled with the baseline id or name', () => {
    const [c, w, s] = attachBaselines(
      [
        { entry: cold, result: result('verify, cold', 300) },
        { entry: warm, result: result('verify, warm', 25) },
        { entry: slow, result: result('verify, slow', 80) },
      ],
      [cold, warm, slow],
    )
    expect(c?.vsBaseline).toBeUndefined()
    expect(w?.vsBaseline).toEqual({ status: 'measured', baseline: 'cold verify', ratio: 12 })
    expect(s?.vsBaseline).toEqual({ status: 'measured', baseline: 'verify, warm', ratio: 25 / 80 })
  })

  it('reports a baseline that threw or that nothing answers to as not run, and drops rows that threw', () => {
    const orphan = entry({ name: 'orphan', baseline: 'nowhere' })
    const out = attachBaselines(
      [
        { entry: cold, result: undefined },
        { entry: warm, result: result('verify, warm', 25) },
        { entry: orphan, result: result('orphan', 1) },
      ],
      [cold, warm, orphan],
    )
    expect(out.map((r) => [r.name, r.vsBaseline])).toEqual([
      ['verify, warm', { status: 'not run', baseline: 'cold verify' }],
      ['orphan', { status: 'not run', baseline: 'nowhere' }],
    ])
  })

  it('formats faster, slower, equal and missing comparisons in words', () => {
    expect(formatComparison({ status: 'measured', baseline: 'circomlibjs verify', ratio: 12.94 })).toBe('12.9× faster than circomlibjs verify')
    expect(formatComparison({ status: 'measured', baseline: 'B', ratio: 1 / 3.1 })).toBe('3.10× slower than B')
    expect(formatComparison({ status: 'measured', baseline: 'B', ratio: 1.004 })).toBe('same speed as B (1.00×)')
    expect(formatComparison({ status: 'measured', baseline: 'B', ratio: 0.996 })).toBe('same speed as B (1.00×)')
    expect(formatComparison({ status: 'measured', baseline: 'B', ratio: 1.006 })).toBe('1.01× faster than B')
    expect(formatComparison({ status: 'measured', baseline: 'B', ratio: Number.POSITIVE_INFINITY })).toBe('no ratio (B)')
    expect(formatComparison({ status: 'not run', baseline: 'B' })).toBe('baseline not run (B)')
  })

  it('keeps three significant digits without exponent notation', () => {
    expect(formatRatio(3.14159)).toBe('3.14')
    expect(formatRatio(99.94)).toBe('99.9')
    expect(formatRatio(1234.4)).toBe('1,234')
    expect(formatRatio(0)).toBe('-')
    expect(formatRatio(Number.NaN)).toBe('-')
  })
})

describe('table and legend', () => {
  it('adds a "vs baseline" column only when a row has a baseline, and a legend saying which mean is divided by which', () => {
    expect(formatTable([result('a', 1)])).not.toContain('vs baseline')
    expect(baselineLegend([result('a', 1)])).toEqual([])

    const rows = [
      result('verify, cold', 300, { baselineOnly: true }),
      result('verify, warm', 25, { vsBaseline: { status: 'measured', baseline: 'cold verify', ratio: 12 }, metrics: { constraints: '99,338' } }),
    ]
    const [header, , cold, warm] = formatTable(rows).split('\n')
    expect(header).toMatch(/\| vs baseline +\| constraints \|$/)
    expect(cold).toMatch(/^\| verify, cold † /)
    expect(warm).toMatch(/\| 12\.0× faster than cold verify \|  +99,338 \|$/)

    const legend = baselineLegend(rows).join('\n')
    expect(legend).toContain('N = mean of B ÷ mean of this row')
    expect(legend).toContain('N = mean of this row ÷ mean of B')
    expect(legend).toContain('†: ran only as the baseline')
    expect(legend).not.toContain('baseline not run')
    expect(baselineLegend([result('x', 1, { vsBaseline: { status: 'not run', baseline: 'B' } })]).join('\n')).toContain('baseline not run:')
  })
})
