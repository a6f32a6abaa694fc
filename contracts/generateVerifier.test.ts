import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { expectedVerifierSource, generateVerifierSource, verifierPaths, type VerificationKey } from './generateVerifier'

const vk = () => JSON.parse(readFileSync(verifierPaths.verificationKey, 'utf8')) as VerificationKey

describe('generateVerifier', () => {
  it('contracts/src/BatchVerifier.sol is what the committed verification key generates (else run `npx tsx contracts/generateVerifier.ts`)', () => {
    // Committed output: a new ceremony without regenerating would deploy a verifier of the old key.
    expect(readFileSync(verifierPaths.output, 'utf8') === expectedVerifierSource(), 'contracts/src/BatchVerifier.sol is stale').toBe(true)
  })

  it('folds chainId and rollupAddress into the constant term for the 23-input key, and nothing for fewer inputs', () => {
    const key = vk()
    const source = generateVerifierSource(key, { foldedInputs: key.nPublic > 2 ? 2 : 0, insecureDevSetup: true })
    expect(source).toContain(`uint256 public constant inputsPerProof = ${key.nPublic > 2 ? key.nPublic - 2 : key.nPublic};`)
    expect(source).toContain('INSECURE_DEV_SETUP')
    expect(generateVerifierSource(key, { foldedInputs: 0, insecureDevSetup: false })).not.toContain('INSECURE')
  })

  it('refuses keys it cannot serve', () => {
    const key = vk()
    expect(() => generateVerifierSource({ ...key, curve: 'bls12381' }, { insecureDevSetup: true })).toThrow(/groth16 bn128/)
    expect(() => generateVerifierSource({ ...key, IC: key.IC.slice(1) }, { insecureDevSetup: true })).toThrow(/IC has/)
    expect(() => generateVerifierSource(key, { foldedInputs: 1, insecureDevSetup: true })).toThrow(/fold/)
  })
})
