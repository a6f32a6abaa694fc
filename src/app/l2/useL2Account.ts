import { useSyncExternalStore } from 'react'
import { useConnection } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { getL2Account, l2AccountsVersion, l2Scope, subscribeL2Accounts, type L2Account } from './l2KeyStore'

/** The connected wallet's derived L2 account for this deployment, if derived in this page. */
export function useL2Account(config: RuntimeConfig): { scope: string | null; account: L2Account | undefined } {
  useSyncExternalStore(subscribeL2Accounts, l2AccountsVersion)
  const connection = useConnection()
  const rollup = config.deployment?.contracts.rollup
  if (!connection.address || !rollup) return { scope: null, account: undefined }
  const scope = l2Scope(config.l1.chainId, rollup, connection.address)
  return { scope, account: getL2Account(scope) }
}
