// The one way the app sends a contract call the user pays for (a claim, an escape withdrawal, a
// refund): simulate it against L1 first, so a call that would revert is explained and never
// reaches the wallet, then ask the wallet to sign exactly the simulated request and wait for it.
import type { Abi, Hash, PublicClient, TransactionReceipt } from 'viem'

export type L1Call = {
  address: `0x${string}`
  abi: Abi
  functionName: string
  args: readonly unknown[]
  /** The connected wallet's address: the simulation runs as it. */
  account: `0x${string}`
}

export type SentL1Call = { hash: Hash; receipt: TransactionReceipt; gasCostWei: bigint }

/** Simulates `call`, has the wallet sign the simulated request, and resolves with its receipt (`onSent` hears the hash first). */
export async function simulateThenWrite(
  client: Pick<PublicClient, 'simulateContract' | 'waitForTransactionReceipt'>,
  writeContract: (request: never) => Promise<Hash>,
  call: L1Call,
  onSent?: (hash: Hash) => void,
): Promise<SentL1Call> {
  // A revert rejects here, before the wallet is asked.
  const { request } = await client.simulateContract(call as never)
  const hash = await writeContract(request as never)
  onSent?.(hash)
  const receipt = await client.waitForTransactionReceipt({ hash })
  return { hash, receipt, gasCostWei: receipt.gasUsed * receipt.effectiveGasPrice }
}
