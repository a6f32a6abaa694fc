// Signs an L2 transfer or withdrawal in this page with the derived L2 key (PROTOCOL §4.3), after
// the checks the relay and the executor would make anyway (amount, balance), so a transaction
// that cannot pass is refused here with the same typed error and nothing is signed or stored.
import { toHex } from 'viem'
import { GWEI, TxType } from '../../protocol/constants'
import { loadCrypto } from '../../protocol/crypto/loadCrypto'
import { InsufficientBalanceError, InvalidTransactionError } from '../../protocol/errors'
import { addressToBigint } from '../../protocol/field'
import { signTx, txHash, type L2Tx } from '../../protocol/tx/l2Tx'
import { serializeL2Tx } from '../../protocol/tx/l2TxJson'
import type { L2TxRecord } from './l2TxStore'

export type SignL2Input = {
  kind: 'transfer' | 'withdrawal'
  chainId: number
  rollup: `0x${string}`
  from: `0x${string}`
  fromIndex: number
  privateKey: Uint8Array
  to: `0x${string}` | null
  toIndex: number
  amountWei: bigint
  feeGwei: bigint
  nonce: number
  /** What the sender can spend now (its balance less what it has pending), gwei. */
  spendableGwei: bigint
  now?: number
}

/** The signed transaction as a record for the outbox (state `queued-offline` until submitted). */
export async function signL2Transaction(input: SignL2Input): Promise<L2TxRecord> {
  if (input.amountWei <= 0n || input.amountWei % GWEI !== 0n) {
    throw new InvalidTransactionError({ reason: 'the amount must be above 0 and a whole number of gwei' })
  }
  const amount = input.amountWei / GWEI
  if (amount + input.feeGwei > input.spendableGwei) {
    throw new InsufficientBalanceError({ accountIndex: input.fromIndex, balance: input.spendableGwei, required: amount + input.feeGwei })
  }
  const tx: L2Tx = {
    type: input.kind === 'transfer' ? TxType.TRANSFER : TxType.WITHDRAW,
    from: input.fromIndex,
    to: input.kind === 'transfer' ? input.toIndex : 0,
    amount,
    fee: input.feeGwei,
    nonce: BigInt(input.nonce),
  }
  const domain = { chainId: BigInt(input.chainId), rollupAddress: addressToBigint(input.rollup) }
  await loadCrypto()
  const signed = signTx(tx, domain, input.privateKey)
  return {
    hash: toHex(txHash(tx, domain), { size: 32 }),
    chainId: input.chainId,
    rollup: input.rollup.toLowerCase() as `0x${string}`,
    from: input.from.toLowerCase() as `0x${string}`,
    fromIndex: input.fromIndex,
    kind: input.kind,
    to: input.kind === 'transfer' ? (input.to?.toLowerCase() as `0x${string}`) : null,
    toIndex: tx.to,
    amountGwei: amount.toString(),
    feeGwei: input.feeGwei.toString(),
    nonce: input.nonce,
    signedTx: serializeL2Tx(signed),
    state: 'queued-offline',
    createdAt: input.now ?? Date.now(),
  }
}
