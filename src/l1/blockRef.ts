import type { Hex } from '../protocol/field.js'
import { UnexpectedL1DataError } from './errors.js'
import type { L1BlockRef } from './types.js'

/** The block of a mined log (a pending log has none: UnexpectedL1DataError). */
export function blockRef(log: { blockNumber: bigint | null; blockHash: Hex | null; transactionHash: Hex | null }, what: string): L1BlockRef {
  if (log.blockNumber === null || log.blockHash === null) {
    throw new UnexpectedL1DataError({ what, txHash: log.transactionHash, reason: 'a log without its block' })
  }
  return { number: log.blockNumber, hash: log.blockHash }
}
