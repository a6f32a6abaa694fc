import type { Address, Client } from 'viem'
import { getContractEvents } from 'viem/actions'
import { rollupAbi } from '../../contracts/generated/abis.js'
import { isPriorityOpType } from '../protocol/constants.js'
import { addressToBigint } from '../protocol/field.js'
import { L1ReadError, UnexpectedL1DataError } from './errors.js'
import { blockRef } from './blockRef.js'
import type { QueuedPriorityOp } from './types.js'

/** Parameters of `readPriorityOps`: the Rollup and an inclusive block range. */
export type ReadPriorityOpsParameters = { rollup: Address; fromBlock: bigint; toBlock: bigint }

/** The `PriorityOpQueued` events of a block range, in log order, each with the op it queued (§5.1). */
export async function readPriorityOps(client: Client, { rollup, fromBlock, toBlock }: ReadPriorityOpsParameters): Promise<QueuedPriorityOp[]> {
  let logs
  try {
    logs = await getContractEvents(client, { address: rollup, abi: rollupAbi, eventName: 'PriorityOpQueued', fromBlock, toBlock, strict: true })
  } catch (cause) {
    throw new L1ReadError({ what: 'PriorityOpQueued events' }, { cause })
  }
  return logs.map((log) => {
    const { opIndex, l1Address, accountIndex, opType, amount, pubAx, pubAy, deadline } = log.args
    if (!isPriorityOpType(opType)) {
      throw new UnexpectedL1DataError({ what: 'PriorityOpQueued', txHash: log.transactionHash, reason: `op type ${opType}` })
    }
    return {
      opIndex,
      op: { opType, accountIndex, l1Address: addressToBigint(l1Address), amount, pubAx, pubAy },
      deadline,
      block: blockRef(log, 'PriorityOpQueued'),
      logIndex: log.logIndex,
    }
  })
}
