/**
 * Re-verifying a consolidated batch on request: the proof is read again from L1's
 * `verifyBatches` calldata, the public inputs are recomputed from this node's own re-execution
 * (never the relay's), and the proof is checked by the strict verifier; the time of that check
 * is what the explorer shows.
 */
import type { Address, Client } from 'viem'
import { readVerifiedBatches } from '../../src/l1/readVerifiedBatches.js'
import { batchPublicInputs } from '../../src/protocol/batch/batchPublicInputs.js'
import { decodeBatchRecord } from '../../src/protocol/batch/decodeBatchRecords.js'
import type { BatchMeta } from '../node/nodeRecords.js'
import type { ProofCheck } from '../node/proofVerifier.js'
import { BatchNotVerifiedHereError } from './errors.js'

export type ReverifyBatchParameters = {
  meta: BatchMeta
  client: Client
  rollup: Address
  chainId: bigint
  verify: (check: ProofCheck) => Promise<boolean>
  now?: () => number
}

/** Verifies `meta`'s batch proof again (see the module comment); `ms` is the verification alone, without the L1 read. */
export async function reverifyBatch({ meta, client, rollup, chainId, verify, now = () => performance.now() }: ReverifyBatchParameters): Promise<{ ok: boolean; ms: number }> {
  const { verifiedIn, oldStateRoot, newStateRoot, exitRoot, batchNumber } = meta
  if (verifiedIn === null || oldStateRoot === null || newStateRoot === null || exitRoot === null) throw new BatchNotVerifiedHereError({ batchNumber })
  const calls = await readVerifiedBatches(client, { rollup, fromBlock: verifiedIn.block.number, toBlock: verifiedIn.block.number })
  const call = calls.find((c) => c.txHash === verifiedIn.txHash)
  const proof = call?.proofs[Number(batchNumber - (call?.firstBatch ?? 0n))]
  if (call === undefined || proof === undefined || batchNumber < call.firstBatch || batchNumber > call.lastBatch) throw new BatchNotVerifiedHereError({ batchNumber })
  const publicInputs = batchPublicInputs({
    chainId,
    rollupAddress: BigInt(rollup),
    batchNumber,
    oldStateRoot,
    newStateRoot,
    exitRoot,
    record: decodeBatchRecord(meta.record),
  })
  const start = now()
  const ok = await verify({ proof: proof.proof, publicInputs })
  return { ok, ms: now() - start }
}
