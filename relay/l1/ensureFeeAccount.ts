// The sequencer's own L2 account (batch fees go to it): the account index its L1 address owns.
// At first start it has none, so the relay registers one with Rollup.registerKey from that
// address (a REGISTER_KEY op, which the sequencer then executes like any other queued op). The
// key is derived from the sequencer's L1 key, so a restart finds the same account and key.
import { type Account, type Address, type Chain, keccak256, type PublicClient, type Transport, type WalletClient, concatHex, toHex, hexToBytes } from 'viem'
import { rollupAbi } from '../../contracts/generated/abis'
import { type L2PrivateKey, l2PublicKey } from '../../src/protocol/crypto/eddsa'
import { BaseError, registerErrorClasses } from '../errors'

export class FeeAccountRegistrationError extends BaseError {
  override name = 'FeeAccountRegistrationError'
  static override readonly code: string = 'RELAY_FEE_ACCOUNT_REGISTRATION_FAILED'
}
registerErrorClasses(FeeAccountRegistrationError)

/** The fee account's L2 key, derived from the sequencer's L1 key. */
export function feeAccountKey(l1PrivateKey: `0x${string}`): L2PrivateKey {
  return hexToBytes(keccak256(concatHex([toHex('lantern sequencer fee account'), l1PrivateKey])))
}

/** The fee account's index, registering it on L1 first if the sequencer's address has none. */
export async function ensureFeeAccount(opts: {
  public: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  rollup: Address
  l1PrivateKey: `0x${string}`
}): Promise<number> {
  const address = opts.wallet.account.address
  const read = async () => Number(await opts.public.readContract({ address: opts.rollup, abi: rollupAbi, functionName: 'accountIndexOf', args: [address] }))
  const existing = await read()
  if (existing !== 0) return existing
  const { pubAx, pubAy } = l2PublicKey(feeAccountKey(opts.l1PrivateKey))
  try {
    const hash = await opts.wallet.writeContract({ address: opts.rollup, abi: rollupAbi, functionName: 'registerKey', args: [pubAx, pubAy], chain: opts.wallet.chain ?? null })
    const receipt = await opts.public.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new FeeAccountRegistrationError(`registerKey ${hash} reverted.`)
  } catch (err) {
    if (err instanceof FeeAccountRegistrationError) throw err
    throw new FeeAccountRegistrationError(`Registering the fee account of ${address} failed.`, { cause: err })
  }
  return read()
}
