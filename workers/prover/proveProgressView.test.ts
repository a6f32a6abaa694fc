import { describe, expect, it } from 'vitest'
import { proveProgressTracker } from './proveProgressView.js'

describe('proveProgressTracker', () => {
  it('counts both downloads by bytes, then the witness, then proving, never moving backwards', () => {
    const track = proveProgressTracker()
    const url = 'u'
    expect(track({ phase: 'download', artifact: 'wasm', url, loadedBytes: 0, totalBytes: 4_000_000, fromCache: false }).fraction).toBe(0)
    const half = track({ phase: 'download', artifact: 'zkey', url, loadedBytes: 30_000_000, totalBytes: 60_000_000, fromCache: false })
    expect(half.fraction).toBeCloseTo((0.3 * 30) / 64)
    expect(half.label).toBe('downloading the proving key and witness generator: 30.0 of 64.0 MB')
    // The small file completes later in the stream of events: the bar only rises.
    const after = track({ phase: 'download', artifact: 'wasm', url, loadedBytes: 4_000_000, totalBytes: 4_000_000, fromCache: false })
    expect(after.fraction).toBeGreaterThan(half.fraction)
    expect(track({ phase: 'witness' })).toEqual({ fraction: 0.3, label: 'computing the witness' })
    const b2 = track({ phase: 'prove', step: 'multi-exponentiation B2 (G2)', fraction: 0.37 })
    expect(b2.fraction).toBeCloseTo(0.35 + 0.65 * 0.37)
    expect(b2.label).toBe('proving: multi-exponentiation B2 (G2)')
    expect(track({ phase: 'prove', step: 'done', fraction: 1 })).toEqual({ fraction: 1, label: 'proof ready' })
  })

  it('says when the artifacts come from the cache', () => {
    const track = proveProgressTracker()
    const view = track({ phase: 'download', artifact: 'zkey', url: 'u', loadedBytes: 10, totalBytes: 10, fromCache: true })
    expect(view.label).toBe("loading the proving key from this browser's cache")
    expect(view.fraction).toBeCloseTo(0.3)
  })
})
