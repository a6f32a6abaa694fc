import { formatEther } from 'viem'

/** Wei as "1.2345 ETH" (up to `decimals` decimals, trailing zeros dropped, rounded down). */
export function formatEth(wei: bigint, decimals = 4): string {
  const [whole, fraction = ''] = formatEther(wei).split('.')
  const short = fraction.slice(0, decimals).replace(/0+$/, '')
  return `${short ? `${whole}.${short}` : whole} ETH`
}

export type ParsedAmount = { ok: true; wei: bigint } | { ok: false; reason: string }

/** Parses what the user typed as an ETH amount that an L2 balance (in gwei) can hold. */
export function parseEthAmount(input: string): ParsedAmount {
  const text = input.trim()
  if (text === '') return { ok: false, reason: 'Enter an amount in ETH, for example 0.5.' }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text)
  if (!match) return { ok: false, reason: 'Enter the amount as a number of ETH, for example 0.5 (digits and one dot).' }
  const fraction = match[2] ?? ''
  if (fraction.length > 9) return { ok: false, reason: 'L2 balances are counted in gwei: use at most 9 decimals.' }
  const wei = BigInt(match[1]!) * 10n ** 18n + BigInt(fraction.padEnd(18, '0') || '0')
  if (wei === 0n) return { ok: false, reason: 'Enter an amount above 0.' }
  return { ok: true, wei }
}

/** Rounds wei down to whole gwei (what the Bridge accepts). */
export function floorToGwei(wei: bigint): bigint {
  return wei - (wei % 10n ** 9n)
}

export function shortHex(value: string, chars = 6): string {
  return value.length <= 2 + chars * 2 ? value : `${value.slice(0, 2 + chars)}…${value.slice(-chars)}`
}
