// L2 send errors (relay rejections rebuilt as typed classes, local checks) in plain words, with
// what happened and what to do next. Amounts are shown in ETH: the typed errors carry gwei.
import { AccountKeyNotSetError, BaseError, InsufficientBalanceError, InvalidSignatureError, NonceMismatchError, UnknownAccountError, WrongChainError } from '../../protocol/errors'
import { FeeTooLowError, L1UnavailableError, LimitExceededError, NonceGapError, NonceTooLowError, PoolFullError, ReplacementUnderpricedError } from '../../rpc/errors'
import { formatEther } from 'viem'
import { RecipientNotFoundError, RelayUnreachableError, SigningInputUnavailableError } from './errors'

const GWEI = 1_000_000_000n

function gweiEth(value: unknown): string {
  return typeof value === 'string' && /^\d+$/.test(value) ? `${formatEther(BigInt(value) * GWEI)} ETH` : 'an unknown amount'
}

/** One or two sentences for the user about a failed L2 transfer or withdrawal; `nothing` says what did not happen. */
export function l2ErrorMessage(error: unknown, nothing = 'Nothing was sent.'): string {
  if (error instanceof InsufficientBalanceError) {
    return `Your L2 balance is ${gweiEth(error.data.balance)}, but this needs ${gweiEth(error.data.required)} (amount + fee). Lower the amount. ${nothing}`
  }
  if (error instanceof NonceTooLowError) {
    return `This transaction's nonce (${String(error.data.nonce)}) was already used: your account is at nonce ${String(error.data.next)}. Another transaction from this account got there first; sign again. ${nothing}`
  }
  if (error instanceof NonceGapError) {
    return `This transaction's nonce (${String(error.data.nonce)}) is too far ahead of your account's (${String(error.data.next)}): earlier transactions are missing. Wait for them or sign again. ${nothing}`
  }
  if (error instanceof NonceMismatchError) return `The nonce does not match your account's (${String(error.data.expected)}). Sign again. ${nothing}`
  if (error instanceof FeeTooLowError) return `The fee (${gweiEth(error.data.fee)}) is below the relay's minimum of ${gweiEth(error.data.minFee)}. Sign again with the fee shown. ${nothing}`
  if (error instanceof ReplacementUnderpricedError) {
    return `A transaction with the same nonce is already waiting; a replacement must pay at least ${gweiEth(error.data.minFee)} fee. ${nothing}`
  }
  if (error instanceof PoolFullError) {
    return error.data.scope === 'global'
      ? `The relay's pool is full right now. Try again in a minute. ${nothing}`
      : `Your account already has ${String(error.data.max)} transactions waiting in the relay's pool. Wait for them to be included. ${nothing}`
  }
  if (error instanceof WrongChainError) return `The signature was made for another network or rollup. Re-derive your L2 key on this network. ${nothing}`
  if (error instanceof InvalidSignatureError) return `The relay did not accept the signature: your L2 key is not the one registered for this account. Re-derive it from the wallet that owns the account. ${nothing}`
  if (error instanceof AccountKeyNotSetError) return `Your L2 account has no key on L2 yet: deposit with your key or register it on the Account tab, and wait for it to be included. ${nothing}`
  if (error instanceof UnknownAccountError) {
    return error.data.role === 'to' ? `The recipient has no L2 account. ${nothing}` : `Your L2 account does not exist yet: make a deposit first. ${nothing}`
  }
  if (error instanceof RecipientNotFoundError) return `${error.shortMessage} They must receive a deposit or register a key on L1 first. ${nothing}`
  if (error instanceof SigningInputUnavailableError) return `${error.shortMessage} ${error.details ?? ''}`.trim()
  if (error instanceof LimitExceededError) return `The relay is limiting requests (${error.limit}). Try again in a moment. ${nothing}`
  if (error instanceof L1UnavailableError) return `The relay cannot reach L1 right now. Try again later. ${nothing}`
  if (error instanceof RelayUnreachableError) return `${error.shortMessage} ${nothing}`
  if (error instanceof BaseError) return `${error.shortMessage} ${nothing}`
  return `${error instanceof Error ? error.message : String(error)} ${nothing}`
}
