import type { BlockTag, Client } from 'viem'
import { getBlock } from 'viem/actions'
import type { Hex } from '../protocol/field.js'
import { L1ReadError } from './errors.js'
import type { L1BlockRef } from './types.js'

/** The block at `tag` (default `latest`) as number and hash. */
export async function readHead(client: Client, { blockTag = 'latest' }: { blockTag?: BlockTag } = {}): Promise<L1BlockRef> {
  try {
    const block = await getBlock(client, { blockTag })
    if (block.number === null || block.hash === null) throw new Error(`block ${blockTag} is pending`)
    return { number: block.number, hash: block.hash }
  } catch (cause) {
    throw new L1ReadError({ what: `the ${blockTag} block` }, { cause })
  }
}

/** The hash of block `number` on L1's current chain, or undefined if it has no such block. */
export async function readBlockHash(client: Client, number: bigint): Promise<Hex | undefined> {
  try {
    const block = await getBlock(client, { blockNumber: number })
    return block.hash ?? undefined
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'BlockNotFoundError') return undefined
    throw new L1ReadError({ what: `block ${number}` }, { cause })
  }
}
