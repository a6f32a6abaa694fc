import { describe, expect, it } from 'vitest'
import { InvalidProofFormatError } from './errors.js'
import { BN254_BASE_FIELD, parseGroth16Proof } from './parseProof.js'

const wellFormed = () => ({
  pi_a: ['1', '2', '1'],
  pi_b: [['3', '4'], ['5', '6'], ['1', '0']],
  pi_c: ['7', '8', '1'],
  protocol: 'groth16',
  curve: 'bn128',
})

describe('parseGroth16Proof', () => {
  it('returns a well-formed proof unchanged', () => {
    expect(parseGroth16Proof(wellFormed())).toEqual(wellFormed())
  })

  it.each([
    ['not an object', null],
    ['another protocol', { ...wellFormed(), protocol: 'plonk' }],
    ['another curve', { ...wellFormed(), curve: 'bls12381' }],
    ['a short pi_a', { ...wellFormed(), pi_a: ['1', '2'] }],
    ['a malformed pi_b', { ...wellFormed(), pi_b: [['3', '4'], ['5'], ['1', '0']] }],
    ['a number instead of a string', { ...wellFormed(), pi_c: [7, '8', '1'] }],
    ['hex instead of decimal', { ...wellFormed(), pi_c: ['0x7', '8', '1'] }],
    ['a leading zero', { ...wellFormed(), pi_c: ['07', '8', '1'] }],
    ['a negative coordinate', { ...wellFormed(), pi_c: ['-7', '8', '1'] }],
    ['a coordinate ≥ q', { ...wellFormed(), pi_a: [BN254_BASE_FIELD.toString(), '2', '1'] }],
  ])('rejects %s', (_, value) => {
    expect(() => parseGroth16Proof(value)).toThrow(InvalidProofFormatError)
  })
})
