// Real Groth16 proofs for the contract tests, with the verification key they were made for: read
// from the recorded chain (contracts/test/fixtures/chain.json, written by scripts/chain/recordChain.ts)
// so no test proves anything. Each item carries the proof in the contract's word order and the
// full §7.1 public signals, as snarkjs verifies them.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { VerificationKey } from '../../generateVerifier'
import { batchPublicInputs } from '../../../src/protocol/batch/batchPublicInputs'
import { decodeBatchRecord } from '../../../src/protocol/batch/decodeBatchRecords'
import type { Groth16Proof } from '../../../src/prover/types'
import { hexToBytes } from './lantern'

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const CHAIN_FIXTURE = join(rootDir, 'contracts/test/fixtures/chain.json')

/** One batch of the recorded chain: its record, the roots its proof attests and the proof. */
export type RecordedBatch = {
  batchNumber: number
  record: `0x${string}`
  newStateRoot: string
  exitRoot: string
  /** [A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y], decimal. */
  proof: string[]
}

/** contracts/test/fixtures/chain.json. */
export type ChainFixture = {
  /** sha256 of the verification key the proofs verify under (circuits/artifacts/verification_key.json). */
  verificationKeySha256: string
  chainId: number
  rollup: `0x${string}`
  sequencer: `0x${string}`
  /** The L1 transactions before the batches: deposits with keys, in order (replayed by tests). */
  deposits: { from: `0x${string}`; recipient: `0x${string}`; wei: string; pubAx: string; pubAy: string }[]
  genesisStateRoot: string
  /** Batches in order from 1; `calls` groups them as they were sequenced (each group one call). */
  batches: RecordedBatch[]
  calls: number[][]
}

export function readChainFixture(): ChainFixture | undefined {
  if (!existsSync(CHAIN_FIXTURE)) return undefined
  return JSON.parse(readFileSync(CHAIN_FIXTURE, 'utf8')) as ChainFixture
}

export type ProofItem = { words: bigint[]; signals: bigint[] }
export type ProofSet = { vk: VerificationKey; foldedInputs: number; chainId: bigint; rollup: bigint; items: ProofItem[] }

/** Each recorded batch's proof words and public inputs, recomputed with src/protocol from its record (as a light node does). */
export function recordedProofs(fixture: ChainFixture): { words: bigint[]; signals: bigint[] }[] {
  let oldRoot = BigInt(fixture.genesisStateRoot)
  return fixture.batches.map((b) => {
    const signals = batchPublicInputs({
      chainId: BigInt(fixture.chainId),
      rollupAddress: BigInt(fixture.rollup),
      batchNumber: BigInt(b.batchNumber),
      oldStateRoot: oldRoot,
      newStateRoot: BigInt(b.newStateRoot),
      exitRoot: BigInt(b.exitRoot),
      record: decodeBatchRecord(hexToBytes(b.record)),
    })
    oldRoot = BigInt(b.newStateRoot)
    return { words: b.proof.map(BigInt), signals }
  })
}

/** The recorded proofs with their public signals (recomputed with src/protocol from the records). */
export function proofSetFromChain(fixture: ChainFixture, vk: VerificationKey): ProofSet {
  const items = recordedProofs(fixture)
  return { vk, foldedInputs: 2, chainId: BigInt(fixture.chainId), rollup: BigInt(fixture.rollup), items }
}

/** snarkjs's JSON proof from the contract's word order (G2 coordinates back to real, imaginary). */
export function wordsToSnarkjs(w: readonly bigint[]): Groth16Proof {
  const s = w.map((v) => v.toString())
  return {
    pi_a: [s[0]!, s[1]!, '1'],
    pi_b: [
      [s[3]!, s[2]!],
      [s[5]!, s[4]!],
      ['1', '0'],
    ],
    pi_c: [s[6]!, s[7]!, '1'],
    protocol: 'groth16',
    curve: 'bn128',
  }
}

/** The contract's word order from snarkjs's JSON proof. */
export function snarkjsToWords(p: Groth16Proof): bigint[] {
  return [p.pi_a[0], p.pi_a[1], p.pi_b[0][1], p.pi_b[0][0], p.pi_b[1][1], p.pi_b[1][0], p.pi_c[0], p.pi_c[1]].map(BigInt)
}
