import { describe, expect, it } from 'vitest'
import { floorToGwei, formatEth, parseEthAmount } from './eth'

describe('ETH amounts', () => {
  it('parses whole-gwei amounts and refuses what the Bridge would refuse', () => {
    expect(parseEthAmount('1')).toEqual({ ok: true, wei: 10n ** 18n })
    expect(parseEthAmount(' 0.000000001 ')).toEqual({ ok: true, wei: 10n ** 9n })
    expect(parseEthAmount('1.')).toEqual({ ok: true, wei: 10n ** 18n })
    expect(parseEthAmount('0.0000000001')).toMatchObject({ ok: false, reason: expect.stringContaining('9 decimals') })
    expect(parseEthAmount('0')).toMatchObject({ ok: false, reason: expect.stringContaining('above 0') })
    expect(parseEthAmount('1e18')).toMatchObject({ ok: false })
    expect(parseEthAmount('-1')).toMatchObject({ ok: false })
    expect(parseEthAmount('')).toMatchObject({ ok: false })
  })

  it('formats with units and floors to gwei', () => {
    expect(formatEth(1_234_567_000_000_000_000n)).toBe('1.2345 ETH')
    expect(formatEth(2n * 10n ** 18n)).toBe('2 ETH')
    expect(floorToGwei(1_999_999_999n)).toBe(1_000_000_000n)
  })
})
