import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMMITTED_VERIFICATION_KEY, verificationKeyModule } from './pinVerificationKey.js'
import { BATCH_VERIFICATION_KEY } from './verificationKey.js'

describe('the pinned verification key', () => {
  const committed = readFileSync(COMMITTED_VERIFICATION_KEY, 'utf8')

  it('equals circuits/artifacts/verification_key.json (after a ceremony: npx tsx src/prover/pinVerificationKey.ts)', () => {
    expect(BATCH_VERIFICATION_KEY).toEqual(JSON.parse(committed))
  })

  it('is the module the pin command writes, byte for byte', () => {
    const source = readFileSync(new URL('./verificationKey.ts', import.meta.url), 'utf8')
    expect(source).toBe(verificationKeyModule(committed))
  })

  it('has one IC point per public input plus the constant term', () => {
    expect(BATCH_VERIFICATION_KEY.IC).toHaveLength(BATCH_VERIFICATION_KEY.nPublic + 1)
  })
})
