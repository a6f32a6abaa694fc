import { createPublicClient, http, type PublicClient } from 'viem'

/** The relay's read-only view of L1. One client per process; viem batches and retries for us. */
export function createL1Client(rpcUrl: string): PublicClient {
  return createPublicClient({ transport: http(rpcUrl, { retryCount: 2, timeout: 10_000 }) }) as PublicClient
}
