// Both verifiers on the recorded chain's real proofs, with the public inputs recomputed from the
// records (as the node does): they agree on valid proofs, a swapped input and a swapped point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readChainFixture, recordedProofs } from '../../contracts/test/helpers/proofSet.js'
import { InvalidProofFormatError } from '../../src/prover/errors.js'
import { releaseCurve } from '../../src/prover/releaseCurve.js'
import type { ProofCheck } from './proofVerifier.js'
import { snarkjsProofVerifier } from './snarkjsProofVerifier.js'
import { strictProofVerifier } from './strictProofVerifier.js'

const fixture = readChainFixture()
let checks: ProofCheck[] = []

beforeAll(() => {
  if (fixture === undefined) throw new Error('contracts/test/fixtures/chain.json is missing')
  checks = recordedProofs(fixture).slice(0, 6).map(({ words, signals }) => ({ proof: words, publicInputs: signals }))
})

afterAll(async () => {
  await releaseCurve()
})

const strict = strictProofVerifier()
const reference = snarkjsProofVerifier()

describe('strictProofVerifier', () => {
  it('accepts real proofs one by one and all at once, as snarkjs does', async () => {
    for (const check of checks.slice(0, 3)) {
      expect(await strict.verify(check)).toBe(true)
      expect(await reference.verify(check)).toBe(true)
    }
    expect(await strict.verifyAll!(checks)).toBe(true)
  })

  it('refuses a proof with another batch\'s inputs, and a set containing it', async () => {
    const swapped = { proof: checks[1]!.proof, publicInputs: checks[2]!.publicInputs }
    expect(await strict.verify(swapped)).toBe(false)
    expect(await reference.verify(swapped)).toBe(false)
    expect(await strict.verifyAll!([...checks.slice(0, 3), swapped])).toBe(false)
  })

  it('refuses a swapped point (A and C exchanged), and throws for B off the twist', async () => {
    const p = checks[0]!.proof
    const swapped = { ...checks[0]!, proof: [p[6]!, p[7]!, p[2]!, p[3]!, p[4]!, p[5]!, p[0]!, p[1]!] }
    expect(await strict.verify(swapped)).toBe(false)
    expect(await reference.verify(swapped)).toBe(false)
    const offTwist = { ...checks[0]!, proof: [p[0]!, p[1]!, p[3]!, p[2]!, p[4]!, p[5]!, p[6]!, p[7]!] }
    await expect(strict.verify(offTwist)).rejects.toThrow(InvalidProofFormatError)
  })
})
