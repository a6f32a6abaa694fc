// A proven batch as the relay keeps it (meta key `proof:<n>`): the contract's 8 proof words and
// the roots verifyBatches takes with them. Written once, by whoever's proof was accepted first.
import { proofToSolidityCalldata } from '../../src/prover/proofToSolidityCalldata'
import type { Groth16Proof } from '../../src/prover/types'
import type { BatchRecord } from '../store/records'
import type { RelayStorage } from '../store/relayStorage'

export type StoredProof = { newStateRoot: string; exitRoot: string; proof: string[] }

const key = (n: number) => `proof:${n}`

export async function readStoredProof(storage: RelayStorage, n: number): Promise<StoredProof | undefined> {
  const text = await storage.getMeta(key(n))
  return text ? (JSON.parse(text) as StoredProof) : undefined
}

export async function writeStoredProof(storage: RelayStorage, batch: BatchRecord, proof: Groth16Proof): Promise<void> {
  const stored: StoredProof = { newStateRoot: batch.stateRoot.toString(), exitRoot: batch.exitRoot.toString(), proof: proofToSolidityCalldata(proof).map(String) }
  await storage.setMeta(key(batch.number), JSON.stringify(stored))
}
