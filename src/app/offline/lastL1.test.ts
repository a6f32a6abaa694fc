import { describe, expect, it } from 'vitest'
import { formatAge, readLastL1, saveLastL1 } from './lastL1'

function memoryStorage() {
  const map = new Map<string, string>()
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) }
}

describe('lastL1', () => {
  it('round-trips the last block for its chain only', () => {
    const s = memoryStorage()
    saveLastL1({ chainId: 31337, blockNumber: '42', seenAt: 1000 }, s)
    expect(readLastL1(31337, s)).toEqual({ chainId: 31337, blockNumber: '42', seenAt: 1000 })
    expect(readLastL1(1, s)).toBeUndefined()
  })

  it('ignores malformed entries', () => {
    const s = memoryStorage()
    s.setItem('lantern.lastL1', '{"chainId":31337,"blockNumber":42}')
    expect(readLastL1(31337, s)).toBeUndefined()
    s.setItem('lantern.lastL1', 'not json')
    expect(readLastL1(31337, s)).toBeUndefined()
  })

  it('formats ages in plain units', () => {
    expect(formatAge(4_000)).toBe('4 s ago')
    expect(formatAge(5 * 60_000)).toBe('5 min ago')
    expect(formatAge(3 * 3_600_000)).toBe('3 h ago')
    expect(formatAge(3 * 86_400_000)).toBe('3 days ago')
  })
})
