// Wallet and contract errors in plain words, with what to do next.
import { BaseError as ViemBaseError, ContractFunctionRevertedError, UserRejectedRequestError } from 'viem'

/** True when the user declined the request in their wallet (EIP-1193 4001). */
export function isUserRejection(err: unknown): boolean {
  if (err instanceof ViemBaseError && err.walk((e) => e instanceof UserRejectedRequestError)) return true
  let e: unknown = err
  while (e && typeof e === 'object') {
    if ((e as { code?: unknown }).code === 4001) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

const REVERTS: Record<string, string> = {
  Bridge__NotWholeGwei: 'The amount must be a whole number of gwei (at most 9 decimals).',
  Bridge__ZeroDeposit: 'The amount must be above 0.',
  Bridge__InvalidRecipient: 'That recipient can never withdraw: choose another address.',
  Bridge__KeyForAnotherAccount: 'An L2 key can only be set for your own account.',
  Bridge__AmountTooLarge: 'The amount is larger than an L2 balance can hold.',
  Rollup__Frozen: 'The rollup is frozen (escape hatch active): deposits are closed; withdraw with the escape hatch instead.',
  Rollup__AccountTreeFull: 'The L2 has no free account left.',
}

/** One sentence for the user; `action` is what did not happen ("sent", "derived"). */
export function walletErrorMessage(err: unknown, action: string): string {
  if (isUserRejection(err)) return `You declined the request in your wallet. Nothing was ${action}.`
  if (err instanceof ViemBaseError) {
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError)
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName
      if (name && REVERTS[name]) return `${REVERTS[name]} Nothing was ${action}.`
      if (name) return `The contract refused it (${name}). Nothing was ${action}.`
    }
    return `${err.shortMessage} Nothing was ${action}.`
  }
  return `${err instanceof Error ? err.message : String(err)} Nothing was ${action}.`
}
