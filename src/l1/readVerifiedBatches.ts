import { type Address, type Client, hexToBytes } from 'viem'
import { getContractEvents } from 'viem/actions'
import { rollupAbi } from '../../contracts/generated/abis.js'
import { blockRef } from './blockRef.js'
import { L1ReadError, UnexpectedL1DataError } from './errors.js'
import { readRollupCall } from './readCallData.js'
import type { VerifiedBatches } from './types.js'

/** Parameters of `readVerifiedBatches`: the Rollup and an inclusive block range. */
export type ReadVerifiedBatchesParameters = { rollup: Address; fromBlock: bigint; toBlock: bigint }

/**
 * Every `verifyBatches` call of a block range, in log order: its `BatchesVerified` event and,
 * from its calldata, the records it verified and each batch's roots and proof words.
 */
export async function readVerifiedBatches(client: Client, { rollup, fromBlock, toBlock }: ReadVerifiedBatchesParameters): Promise<VerifiedBatches[]> {
  let logs
  try {
    logs = await getContractEvents(client, { address: rollup, abi: rollupAbi, eventName: 'BatchesVerified', fromBlock, toBlock, strict: true })
  } catch (cause) {
    throw new L1ReadError({ what: 'BatchesVerified events' }, { cause })
  }
  return Promise.all(
    logs.map(async (log) => {
      if (log.transactionHash === null) throw new UnexpectedL1DataError({ what: 'BatchesVerified', txHash: null, reason: 'a log without its transaction' })
      const call = await readRollupCall(client, { rollup, hash: log.transactionHash, functionName: 'verifyBatches' })
      const [lastBatch, records, proofs] = call.args
      if (lastBatch !== log.args.lastBatch) {
        throw new UnexpectedL1DataError({ what: 'BatchesVerified', txHash: log.transactionHash, reason: 'the event and the calldata name different batches' })
      }
      return {
        firstBatch: log.args.firstBatch,
        lastBatch: log.args.lastBatch,
        stateRoot: log.args.stateRoot,
        records: hexToBytes(records),
        proofs: proofs.map((p) => ({ newStateRoot: p.newStateRoot, exitRoot: p.exitRoot, proof: [...p.proof] })),
        block: blockRef(log, 'BatchesVerified'),
        logIndex: log.logIndex,
        txHash: log.transactionHash,
      }
    }),
  )
}
