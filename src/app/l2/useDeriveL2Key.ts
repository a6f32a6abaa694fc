import { useState } from 'react'
import { useConnection, useSignMessage } from 'wagmi'
import { l2KeyMessage } from '../../protocol/crypto/l2Key'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { isUserRejection, walletErrorMessage } from '../errors/walletErrorMessage'
import { setL2Account } from './l2KeyStore'
import { useL2Account } from './useL2Account'

/** One wallet signature of the §3.1 message derives the L2 key; a declined signature changes nothing and says so. */
export function useDeriveL2Key(config: RuntimeConfig) {
  const connection = useConnection()
  const { scope, account } = useL2Account(config)
  const sign = useSignMessage()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const rollup = config.deployment?.contracts.rollup
  const message = rollup ? l2KeyMessage({ chainId: config.l1.chainId, rollupAddress: rollup as `0x${string}` }) : null

  async function derive(): Promise<void> {
    if (!scope || !message || !connection.address) return
    setError(null)
    setBusy(true)
    try {
      const signature = await sign.signMessageAsync({ message })
      const { deriveL2Account } = await import('./deriveL2Account')
      const derived = deriveL2Account(scope, connection.address, signature)
      setL2Account(derived)
      const { saveSessionKey } = await import('./l2KeySession')
      // Without IndexedDB/WebCrypto the key is still usable; it just does not survive a reload.
      await saveSessionKey(derived).catch(() => undefined)
    } catch (err) {
      setError(
        isUserRejection(err)
          ? 'You declined the signature in your wallet. Nothing changed: no L2 key was derived, nothing was sent.'
          : walletErrorMessage(err, 'derived'),
      )
    } finally {
      setBusy(false)
    }
  }

  return { scope, account, message, derive, busy, error, setError }
}
