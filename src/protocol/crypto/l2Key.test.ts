import { readFileSync } from 'node:fs'
import { privateKeyToAccount } from 'viem/accounts'
import { beforeAll, describe, expect, test } from 'vitest'
import { InvalidParameterError } from '../errors.js'
import { bytesToHex, hexToBytes } from '../field.js'
import { l2PublicKey } from './eddsa.js'
import { deriveL2PrivateKey, l2KeyMessage } from './l2Key.js'
import { loadCrypto } from './loadCrypto.js'

// anvil's first dev account: a real secp256k1 wallet whose personal_sign is RFC 6979 deterministic.
const wallet = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const ROLLUP = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

beforeAll(loadCrypto)

describe('l2KeyMessage', () => {
  test('is exactly the message of PROTOCOL.md §3.1', () => {
    expect(l2KeyMessage({ chainId: 31337n, rollupAddress: ROLLUP })).toBe(
      'Lantern L2 key\n' +
        "This signature is your Lantern L2 account key: whoever has it controls your funds on Lantern L2. Sign it only on the Lantern app's own site.\n" +
        'Chain ID: 31337\n' +
        'Rollup: 0x5fbdb2315678afecb367f032d93f642f64180aa3',
    )
  })

  test('matches the message block of docs/PROTOCOL.md, line for line', () => {
    const spec = readFileSync(new URL('../../../docs/PROTOCOL.md', import.meta.url), 'utf8')
    const block = /```\n(Lantern L2 key\n[^`]*?)\n```/.exec(spec)?.[1]
    expect(block).toBeDefined()
    const expected = block!.replace('<chainId in decimal>', '31337').replace('<rollup contract address, lowercase 0x-hex>', ROLLUP.toLowerCase())
    expect(l2KeyMessage({ chainId: 31337n, rollupAddress: ROLLUP })).toBe(expected)
  })

  test('tells the user what the signature is: it controls their L2 funds, sign it only on the app', () => {
    const message = l2KeyMessage({ chainId: 1n, rollupAddress: ROLLUP })
    expect(message).toMatch(/controls your funds/)
    expect(message).toMatch(/Sign it only on the Lantern app's own site/)
    expect(message).not.toMatch(/authorizes nothing/)
  })

  test('rejects a malformed address or chain id', () => {
    expect(() => l2KeyMessage({ chainId: 1n, rollupAddress: '0x1234' })).toThrow(InvalidParameterError)
    expect(() => l2KeyMessage({ chainId: 0n, rollupAddress: ROLLUP })).toThrow(InvalidParameterError)
  })
})

describe('deriveL2PrivateKey', () => {
  const derive = async (chainId: bigint, rollupAddress: string) =>
    deriveL2PrivateKey(await wallet.signMessage({ message: l2KeyMessage({ chainId, rollupAddress }) }))

  test('is deterministic for one wallet, chain and rollup', async () => {
    const a = await derive(31337n, ROLLUP)
    const b = await derive(31337n, ROLLUP)
    expect(a).toHaveLength(32)
    expect(bytesToHex(a)).toBe(bytesToHex(b))
    expect(l2PublicKey(a)).toEqual(l2PublicKey(b))
  })

  test('depends on the chain id and on the rollup address', async () => {
    const base = bytesToHex(await derive(31337n, ROLLUP))
    expect(bytesToHex(await derive(1n, ROLLUP))).not.toBe(base)
    expect(bytesToHex(await derive(31337n, '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'))).not.toBe(base)
  })

  test('normalises v = 0/1 to 27/28', async () => {
    const signature = await wallet.signMessage({ message: l2KeyMessage({ chainId: 31337n, rollupAddress: ROLLUP }) })
    const bytes = hexToBytes(signature)
    const v = bytes[64]!
    expect([27, 28]).toContain(v)
    bytes[64] = v - 27
    expect(bytesToHex(deriveL2PrivateKey(bytesToHex(bytes)))).toBe(bytesToHex(deriveL2PrivateKey(signature)))
  })

  test('rejects a signature that is not 65 bytes or has a bad v', () => {
    expect(() => deriveL2PrivateKey(`0x${'11'.repeat(64)}`)).toThrow(InvalidParameterError)
    expect(() => deriveL2PrivateKey(`0x${'11'.repeat(64)}05`)).toThrow(InvalidParameterError)
    expect(() => deriveL2PrivateKey('not hex')).toThrow(InvalidParameterError)
  })
})
