import { type Address, type Client, hexToBytes } from 'viem'
import { getContractEvents } from 'viem/actions'
import { rollupAbi } from '../../contracts/generated/abis.js'
import { blockRef } from './blockRef.js'
import { L1ReadError, UnexpectedL1DataError } from './errors.js'
import { readRollupCall } from './readCallData.js'
import type { SequencedBatches } from './types.js'

/** Parameters of `readSequencedBatches`: the Rollup and an inclusive block range. */
export type ReadSequencedBatchesParameters = { rollup: Address; fromBlock: bigint; toBlock: bigint }

/**
 * Every `sequenceBatches` call of a block range, in log order: its `BatchesSequenced` event and
 * the records from its calldata (not decoded: the caller checks them against the checkpoint).
 */
export async function readSequencedBatches(client: Client, { rollup, fromBlock, toBlock }: ReadSequencedBatchesParameters): Promise<SequencedBatches[]> {
  let logs
  try {
    logs = await getContractEvents(client, { address: rollup, abi: rollupAbi, eventName: 'BatchesSequenced', fromBlock, toBlock, strict: true })
  } catch (cause) {
    throw new L1ReadError({ what: 'BatchesSequenced events' }, { cause })
  }
  return Promise.all(
    logs.map(async (log) => {
      if (log.transactionHash === null) throw new UnexpectedL1DataError({ what: 'BatchesSequenced', txHash: null, reason: 'a log without its transaction' })
      const call = await readRollupCall(client, { rollup, hash: log.transactionHash, functionName: 'sequenceBatches' })
      return {
        firstBatch: log.args.firstBatch,
        lastBatch: log.args.lastBatch,
        accInputHash: log.args.accInputHash,
        records: hexToBytes(call.args[0]),
        block: blockRef(log, 'BatchesSequenced'),
        logIndex: log.logIndex,
        txHash: log.transactionHash,
      }
    }),
  )
}
