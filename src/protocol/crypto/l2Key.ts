/**
 * Deterministic L2 key derivation from a wallet signature (PROTOCOL.md §3.1): the wallet signs
 * a domain-separated message with personal_sign and the L2 key is keccak256 of the signature.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { InvalidParameterError } from '../errors.js'
import { hexToBytes } from '../field.js'

/** The deployment an L2 key (and every L2 signature) is bound to. */
export type L2KeyDomain = { chainId: bigint | number; rollupAddress: string }

/** The exact UTF-8 message the wallet signs with personal_sign to derive its L2 key. */
export function l2KeyMessage({ chainId, rollupAddress }: L2KeyDomain): string {
  const id = BigInt(chainId)
  if (id <= 0n) throw new InvalidParameterError({ parameter: 'chainId', reason: 'must be a positive integer' })
  if (!/^0x[0-9a-fA-F]{40}$/.test(rollupAddress)) {
    throw new InvalidParameterError({ parameter: 'rollupAddress', reason: 'expected 0x followed by 40 hex digits' })
  }
  return [
    'Lantern L2 key',
    // The user must know what they sign: this signature *is* the key to their L2 funds (§3.1).
    "This signature is your Lantern L2 account key: whoever has it controls your funds on Lantern L2. Sign it only on the Lantern app's own site.",
    `Chain ID: ${id.toString(10)}`,
    `Rollup: ${rollupAddress.toLowerCase()}`,
  ].join('\n')
}

/**
 * The L2 private key: keccak256 of the 65-byte `r ‖ s ‖ v` wallet signature. `v` is
 * normalised to 27/28 first (some wallets and hardware signers return 0/1), so one wallet
 * derives one key whichever way its signature is reported.
 */
export function deriveL2PrivateKey(signature: string): Uint8Array {
  const bytes = hexToBytes(signature, 'wallet signature')
  if (bytes.length !== 65) {
    throw new InvalidParameterError({ parameter: 'wallet signature', reason: `expected 65 bytes (r ‖ s ‖ v), got ${bytes.length}` })
  }
  const v = bytes[64]!
  if (v === 0 || v === 1) bytes[64] = v + 27
  else if (v !== 27 && v !== 28) {
    throw new InvalidParameterError({ parameter: 'wallet signature', reason: `v must be 0, 1, 27 or 28, got ${v}` })
  }
  return keccak_256(bytes)
}
