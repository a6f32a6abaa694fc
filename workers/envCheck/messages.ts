/**
 * The closed command/response union of the environment-check worker, and a JSON form that
 * carries bigints (`{ "$n": "123" }`) so Playwright, the page and the worker can pass protocol
 * values through JSON-only channels unchanged.
 */
import type { BatchContext, SlotItem } from '../../src/protocol/index.js'
import type { Groth16Proof, Groth16VerificationKey } from '../../src/prover/index.js'

/** One batch to execute: its context and slot items, as the executor takes them. */
export type BatchJob = { context: BatchContext; items: SlotItem[] }

/** A verification to run with both verifiers. */
export type VerifyJob = { key: Groth16VerificationKey; publicSignals: bigint[]; proof: Groth16Proof }

export type EnvCommand =
  | { kind: 'execute'; batches: BatchJob[] }
  | { kind: 'verify'; jobs: VerifyJob[] }
  | { kind: 'verifyBatch'; key: Groth16VerificationKey; items: { proof: Groth16Proof; publicSignals: bigint[] }[] }
  | { kind: 'timeVerify'; job: VerifyJob; iterations: number; verifier: 'lantern' | 'snarkjs' }
  | { kind: 'timeVerifyBatch'; key: Groth16VerificationKey; items: { proof: Groth16Proof; publicSignals: bigint[] }[]; iterations: number }

/** A verifier's outcome: a boolean, or the name and message of the typed error it threw. */
export type Outcome = { ok: boolean } | { error: string; message: string }

export type EnvResponse =
  | { kind: 'execute'; newStateRoots: bigint[] }
  | { kind: 'verify'; results: { lantern: Outcome; snarkjs: Outcome }[] }
  | { kind: 'verifyBatch'; result: Outcome }
  | { kind: 'time'; samplesMs: number[]; ok: boolean }
  | { kind: 'error'; error: string; message: string }

/** JSON.stringify with bigints tagged. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? { $n: v.toString() } : v))
}

/** JSON.parse reviving tagged bigints. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_, v: unknown) =>
    typeof v === 'object' && v !== null && Object.keys(v).length === 1 && typeof (v as { $n?: unknown }).$n === 'string'
      ? BigInt((v as { $n: string }).$n)
      : v,
  ) as T
}
