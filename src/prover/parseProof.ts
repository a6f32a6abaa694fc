import { InvalidProofFormatError } from './errors.js'
import type { Groth16Proof } from './types.js'

/** BN254 base field modulus q: proof coordinates live in [0, q). */
export const BN254_BASE_FIELD =
  21888242871839275222246405745257275088696311157297823662689037894645226208583n

const DECIMAL = /^(0|[1-9][0-9]*)$/

/**
 * Check that `value` has the shape of a snarkjs Groth16 proof over bn128 (three points, each
 * coordinate a canonical decimal integer below q) and return it typed. Says nothing about
 * validity: that is the pairing check's job.
 */
export function parseGroth16Proof(value: unknown): Groth16Proof {
  const fail = (reason: string): never => {
    throw new InvalidProofFormatError({ what: 'Groth16 proof', reason })
  }
  if (typeof value !== 'object' || value === null) fail('not an object')
  const proof = value as Record<string, unknown>
  if (proof.protocol !== 'groth16') fail(`protocol is ${String(proof.protocol)}, expected groth16`)
  if (proof.curve !== 'bn128') fail(`curve is ${String(proof.curve)}, expected bn128`)
  const coordinate = (v: unknown, where: string): string => {
    if (typeof v !== 'string' || !DECIMAL.test(v)) return fail(`${where} is not a decimal integer string`)
    if (BigInt(v) >= BN254_BASE_FIELD) fail(`${where} is not below the base field modulus`)
    return v
  }
  const tuple = (v: unknown, length: number, where: string): unknown[] => {
    if (!Array.isArray(v) || v.length !== length) fail(`${where} must be an array of ${length}`)
    return v as unknown[]
  }
  const g1 = (v: unknown, where: string) => {
    const [x, y, z] = tuple(v, 3, where)
    return [coordinate(x, `${where}[0]`), coordinate(y, `${where}[1]`), coordinate(z, `${where}[2]`)] as const
  }
  const fq2 = (v: unknown, where: string) => {
    const [re, im] = tuple(v, 2, where)
    return [coordinate(re, `${where}[0]`), coordinate(im, `${where}[1]`)] as const
  }
  const [b0, b1, b2] = tuple(proof.pi_b, 3, 'pi_b')
  return {
    pi_a: g1(proof.pi_a, 'pi_a'),
    pi_b: [fq2(b0, 'pi_b[0]'), fq2(b1, 'pi_b[1]'), fq2(b2, 'pi_b[2]')],
    pi_c: g1(proof.pi_c, 'pi_c'),
    protocol: 'groth16',
    curve: 'bn128',
  }
}
