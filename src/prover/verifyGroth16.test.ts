import * as snarkjs from 'snarkjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runScenario } from '../../circuits/testing/scenario.js'
import { ARTIFACT_PATHS } from '../../circuits/tooling/paths.js'
import { loadCrypto } from '../protocol/crypto/loadCrypto.js'
import { InvalidProofFormatError } from './errors.js'
import { parseGroth16Proof } from './parseProof.js'
import { releaseCurve } from './releaseCurve.js'
import { syntheticGroth16, tamperings } from './testing/syntheticGroth16.js'
import type { Groth16Proof, Groth16VerificationKey } from './types.js'
import { BATCH_VERIFICATION_KEY } from './verificationKey.js'
import { verifyGroth16 } from './verifyGroth16.js'
import { verifyGroth16Batch } from './verifyGroth16Batch.js'

afterAll(releaseCurve)

const snarkjsVerify = (key: Groth16VerificationKey, signals: readonly bigint[], proof: Groth16Proof) =>
  snarkjs.groth16.verify(key, signals.map(String), proof)

/** The same checks for any key: ours agrees with snarkjs where snarkjs is right, and is stricter where it is lax. */
function agreesWithSnarkjs(name: string, fixture: () => { key: Groth16VerificationKey; proof: Groth16Proof; signals: bigint[] }) {
  describe(name, () => {
    test('a valid proof verifies, as with snarkjs', async () => {
      const { key, proof, signals } = fixture()
      expect(await snarkjsVerify(key, signals, proof)).toBe(true)
      expect(await verifyGroth16(key, signals, proof)).toBe(true)
    })

    test('every tampered proof or input is refused; snarkjs agrees on each well-formed one', async () => {
      const { key, proof, signals } = fixture()
      for (const t of await tamperings(proof, signals)) {
        if (t.strict === 'false') {
          expect(await verifyGroth16(key, t.publicSignals, t.proof), t.name).toBe(false)
          expect(await snarkjsVerify(key, t.publicSignals, t.proof), t.name).toBe(false)
        } else {
          await expect(verifyGroth16(key, t.publicSignals, t.proof), t.name).rejects.toThrow(InvalidProofFormatError)
        }
      }
    })

    // Why the point checks exist: snarkjs reduces coordinates mod q, so an encoding that is
    // not canonical verifies there (two encodings of one proof; a contract would refuse it).
    test('snarkjs accepts A.x + q; this verifier does not', async () => {
      const { key, proof, signals } = fixture()
      const t = (await tamperings(proof, signals)).find((x) => x.name === 'A.x + q')!
      expect(await snarkjsVerify(key, t.publicSignals, t.proof)).toBe(true)
      await expect(verifyGroth16(key, t.publicSignals, t.proof)).rejects.toThrow(/not below the base field modulus/)
    })

    test('the number of public signals comes from the key', async () => {
      const { key, proof, signals } = fixture()
      await expect(verifyGroth16(key, [...signals, 1n], proof)).rejects.toThrow(/takes \d+ public signals/)
      await expect(verifyGroth16(key, signals.slice(1), proof)).rejects.toThrow(InvalidProofFormatError)
    })
  })
}

describe('verifyGroth16 on synthetic keys', () => {
  const fixtures = new Map<number, { key: Groth16VerificationKey; proof: Groth16Proof; signals: bigint[] }>()
  beforeAll(async () => {
    for (const n of [1, 23]) {
      const synthetic = await syntheticGroth16(n, n)
      const signals = Array.from({ length: n }, (_, i) => BigInt(i) * 0x1234567890abcdefn + 11n)
      fixtures.set(n, { key: synthetic.key, proof: await synthetic.prove(signals), signals })
    }
  })
  agreesWithSnarkjs('one public input', () => fixtures.get(1)!)
  agreesWithSnarkjs('23 public inputs (the next protocol version has a vector)', () => fixtures.get(23)!)

  test('a key whose IC length disagrees with nPublic is refused', async () => {
    const { key, proof, signals } = fixtures.get(1)!
    await expect(verifyGroth16({ ...key, nPublic: 2 }, [...signals, 0n], proof)).rejects.toThrow(/nPublic is 2 but IC has 2 points/)
  })

  test('a key with a G2 point outside the subgroup is refused', async () => {
    const { key, proof, signals } = fixtures.get(1)!
    const bad = (await tamperings(proof, signals)).find((t) => t.name === 'B on the twist, outside G2')!.proof.pi_b
    await expect(verifyGroth16({ ...key, vk_delta_2: bad }, signals, proof)).rejects.toThrow(/vk_delta_2 is not in the order-r subgroup/)
  })
})

describe('verifyGroth16Batch', () => {
  let items: { proof: Groth16Proof; publicSignals: bigint[] }[] = []
  let key: Groth16VerificationKey
  beforeAll(async () => {
    const synthetic = await syntheticGroth16(23, 7)
    key = synthetic.key
    items = []
    for (let i = 0; i < 6; i++) {
      const publicSignals = Array.from({ length: 23 }, (_, j) => BigInt(1000 * i + j))
      items.push({ proof: await synthetic.prove(publicSignals, i), publicSignals })
    }
  })

  test('accepts a batch of valid proofs, and an empty batch', async () => {
    expect(await verifyGroth16Batch(key, items)).toBe(true)
    expect(await verifyGroth16Batch(key, [])).toBe(true)
  })

  test('refuses the batch when one proof is invalid, wherever it is', async () => {
    for (const at of [0, 3, 5]) {
      const bad = items.map((item, i) => (i === at ? { ...item, publicSignals: [item.publicSignals[0]! + 1n, ...item.publicSignals.slice(1)] } : item))
      expect(await verifyGroth16Batch(key, bad), `bad proof at ${at}`).toBe(false)
    }
    // Two proofs swapped between their signals: each is valid for the other's inputs only.
    const swapped = items.map((item, i) => (i === 1 ? { ...item, proof: items[2]!.proof } : i === 2 ? { ...item, proof: items[1]!.proof } : item))
    expect(await verifyGroth16Batch(key, swapped)).toBe(false)
  })

  test('throws, naming the item, for a malformed proof', async () => {
    const { proof, publicSignals } = items[4]!
    const t = (await tamperings(proof, publicSignals)).find((x) => x.name === 'B on the twist, outside G2')!
    const bad = items.map((item, i) => (i === 4 ? { proof: t.proof, publicSignals } : item))
    await expect(verifyGroth16Batch(key, bad)).rejects.toThrow(/proof 4 of the batch/)
  })
})

// A real proof of the batch circuit from the committed zkey and witness generator, against
// the pinned key: whatever the circuit's public inputs are, they come from the artifacts.
describe('verifyGroth16 on a real batch proof', () => {
  let proof: Groth16Proof
  let signals: bigint[]
  beforeAll(async () => {
    await loadCrypto()
    const { batch2 } = await runScenario()
    const result = await snarkjs.groth16.fullProve(batch2.circuitInput, ARTIFACT_PATHS.wasm, ARTIFACT_PATHS.zkey)
    proof = parseGroth16Proof(result.proof)
    signals = result.publicSignals.map(BigInt)
  }, 180_000)

  agreesWithSnarkjs('the committed batch circuit', () => ({ key: BATCH_VERIFICATION_KEY, proof, signals }))

  test('batch verification of the real proof with synthetic-free copies of itself', async () => {
    expect(await verifyGroth16Batch(BATCH_VERIFICATION_KEY, [{ proof, publicSignals: signals }, { proof, publicSignals: signals }])).toBe(true)
  })
})
