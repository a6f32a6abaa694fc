/**
 * Test helpers (not exported from the package entry): a Groth16 verification key whose
 * trapdoor we know, so valid proofs for any public signals cost a few scalar multiplications
 * instead of a 15 s proof — for any number of public inputs (the circuit's key has one today;
 * the next protocol version has a vector) — plus the tampered variants every verifier must
 * refuse. Runs in Node and in browser workers.
 */
import { SNARK_SCALAR_FIELD as R } from '../../protocol/constants.js'
import { loadBn254 } from '../loadBn254.js'
import { BN254_BASE_FIELD as Q } from '../parseProof.js'
import type { Groth16Proof, Groth16VerificationKey } from '../types.js'

const mod = (x: bigint) => ((x % R) + R) % R
function inverse(x: bigint): bigint {
  let [result, base, e] = [1n, mod(x), R - 2n]
  for (; e > 0n; e >>= 1n, base = (base * base) % R) if (e & 1n) result = (result * base) % R
  return result
}

/** A key with known exponents: A = a·G1, B = b·G2 and C = (ab − αβ − X·γ)/δ·G1 satisfy it for any X. */
export type SyntheticGroth16 = {
  key: Groth16VerificationKey
  /** A valid proof of `publicSignals` (deterministic in `nonce`). */
  prove(publicSignals: readonly bigint[], nonce?: number): Promise<Groth16Proof>
}

/** Builds a synthetic key with `nPublic` public inputs from a seed. */
export async function syntheticGroth16(nPublic: number, seed = 1): Promise<SyntheticGroth16> {
  const curve = await loadBn254()
  let state = BigInt(seed) * 0x9e3779b97f4a7c15n + 0x12345n
  const scalar = () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) % (1n << 255n)
    return mod(state) || 1n
  }
  const str = (xs: readonly bigint[]) => xs.map((x) => x.toString())
  const g1 = (s: bigint) => str(curve.G1.toObject(curve.G1.toAffine(curve.G1.timesScalar(curve.G1.g, s))) as bigint[])
  const g2 = (s: bigint) => (curve.G2.toObject(curve.G2.toAffine(curve.G2.timesScalar(curve.G2.g, s))) as bigint[][]).map(str)
  const [alpha, beta, gamma, delta] = [scalar(), scalar(), scalar(), scalar()]
  const ic = Array.from({ length: nPublic + 1 }, scalar)
  const key: Groth16VerificationKey = {
    protocol: 'groth16',
    curve: 'bn128',
    nPublic,
    vk_alpha_1: g1(alpha),
    vk_beta_2: g2(beta),
    vk_gamma_2: g2(gamma),
    vk_delta_2: g2(delta),
    vk_alphabeta_12: [],
    IC: ic.map(g1),
  }
  return {
    key,
    async prove(publicSignals, nonce = 0) {
      const x = mod(publicSignals.reduce((acc, s, j) => acc + s * ic[j + 1]!, ic[0]!))
      const a = mod(BigInt(nonce) * 7919n + alpha * 31n + 5n) || 1n
      const b = mod(BigInt(nonce) * 104729n + beta * 17n + 3n) || 1n
      const c = mod((a * b - alpha * beta - x * gamma) * inverse(delta))
      const [ax, ay, az] = g1(a)
      const [cx, cy, cz] = g1(c)
      const [b0, b1, b2] = g2(b)
      return {
        pi_a: [ax!, ay!, az!],
        pi_b: [[b0![0]!, b0![1]!], [b1![0]!, b1![1]!], [b2![0]!, b2![1]!]],
        pi_c: [cx!, cy!, cz!],
        protocol: 'groth16',
        curve: 'bn128',
      }
    },
  }
}

/** A point on BN254's twist that is not in the order-r subgroup G2 (snarkjs JSON form). */
export async function nonSubgroupG2(): Promise<[[string, string], [string, string], [string, string]]> {
  const curve = await loadBn254()
  const F = curve.G2.F
  for (let k = 1n; ; k++) {
    const x = F.fromObject([k, 1n])
    const rhs = F.add(F.mul(F.square(x), x), curve.G2.b)
    if (!F.isSquare(rhs)) continue
    const point = new Uint8Array(128)
    point.set(x)
    point.set(F.sqrt(rhs), 64)
    if (curve.G2.isZero(curve.G2.timesScalar(point, R))) continue
    const [px, py] = curve.G2.toObject(point) as bigint[][]
    return [[px![0]!.toString(), px![1]!.toString()], [py![0]!.toString(), py![1]!.toString()], ['1', '0']]
  }
}

/** How a proof or its signals were tampered with, and what a strict verifier must do. */
export type Tampering = {
  name: string
  proof: Groth16Proof
  publicSignals: readonly bigint[]
  /** 'false': well formed, fails the pairing. 'throw': not a valid proof encoding at all. */
  strict: 'false' | 'throw'
}

/** The tampered variants of a valid (proof, signals) pair every verifier test runs. */
export async function tamperings(proof: Groth16Proof, publicSignals: readonly bigint[]): Promise<Tampering[]> {
  const p = structuredClone(proof) as { -readonly [K in keyof Groth16Proof]: Groth16Proof[K] }
  const withA = (pi_a: Groth16Proof['pi_a']): Groth16Proof => ({ ...p, pi_a })
  const [ax, ay] = [BigInt(p.pi_a[0]), BigInt(p.pi_a[1])]
  const signals = [...publicSignals]
  const changed = signals.length > 0 ? [(signals[0]! + 1n) % R, ...signals.slice(1)] : signals
  const out: Tampering[] = [
    { name: 'swapped A and C', proof: { ...p, pi_a: p.pi_c, pi_c: p.pi_a }, publicSignals: signals, strict: 'false' },
    { name: 'negated A', proof: withA([p.pi_a[0], ((Q - ay) % Q).toString(), '1']), publicSignals: signals, strict: 'false' },
    { name: "B's Fq2 halves swapped", proof: { ...p, pi_b: [[p.pi_b[0][1], p.pi_b[0][0]], [p.pi_b[1][1], p.pi_b[1][0]], p.pi_b[2]] }, publicSignals: signals, strict: 'throw' },
    { name: 'A.x + q', proof: withA([(ax + Q).toString(), p.pi_a[1], '1']), publicSignals: signals, strict: 'throw' },
    { name: 'A off the curve (y + 1)', proof: withA([p.pi_a[0], ((ay + 1n) % Q).toString(), '1']), publicSignals: signals, strict: 'throw' },
    { name: 'B on the twist, outside G2', proof: { ...p, pi_b: await nonSubgroupG2() }, publicSignals: signals, strict: 'throw' },
  ]
  if (signals.length > 0) {
    out.push({ name: 'public signal changed', proof: p, publicSignals: changed, strict: 'false' })
    out.push({ name: 'public signal + r', proof: p, publicSignals: [signals[0]! + R, ...signals.slice(1)], strict: 'throw' })
  }
  return out
}
