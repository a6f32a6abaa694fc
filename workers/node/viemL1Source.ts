import type { Address, BlockTag, Client } from 'viem'
import { readBlockHash, readHead } from '../../src/l1/readBlock.js'
import { readPriorityOps } from '../../src/l1/readPriorityOps.js'
import { readSequencedBatches } from '../../src/l1/readSequencedBatches.js'
import { readVerifiedBatches } from '../../src/l1/readVerifiedBatches.js'
import type { L1Source } from './l1Source.js'

/** Options of `viemL1Source`. */
export type ViemL1SourceOptions = {
  client: Client
  rollup: Address
  /** The block the node follows as head (default `latest`; `safe` or `finalized` trade latency for fewer reorgs). */
  blockTag?: BlockTag
}

/** The node's L1Source over a viem client (any transport: http in a worker, a custom one in tests). */
export function viemL1Source({ client, rollup, blockTag = 'latest' }: ViemL1SourceOptions): L1Source {
  return {
    head: () => readHead(client, { blockTag }),
    blockHash: (number) => readBlockHash(client, number),
    priorityOps: (fromBlock, toBlock) => readPriorityOps(client, { rollup, fromBlock, toBlock }),
    sequencedBatches: (fromBlock, toBlock) => readSequencedBatches(client, { rollup, fromBlock, toBlock }),
    verifiedBatches: (fromBlock, toBlock) => readVerifiedBatches(client, { rollup, fromBlock, toBlock }),
  }
}
