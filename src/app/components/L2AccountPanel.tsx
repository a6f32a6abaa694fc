import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { parseAbiItem } from 'viem'
import { useConnection, usePublicClient, useWriteContract } from 'wagmi'
import { rollupAbi } from '../../../contracts/generated/abis'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { walletErrorMessage } from '../errors/walletErrorMessage'
import { shortHex } from '../format/eth'
import { forgetL2Account } from '../l2/l2KeyStore'
import { useDeriveL2Key } from '../l2/useDeriveL2Key'

const priorityOpQueued = parseAbiItem(
  'event PriorityOpQueued(uint64 indexed opIndex, address indexed l1Address, uint32 indexed accountIndex, uint8 opType, uint64 amount, uint256 pubAx, uint256 pubAy, uint64 deadline)',
)

/** Derive the L2 key from one signature, explain what is signed, and register it on L1 if needed. */
export function L2AccountPanel({ config }: { config: RuntimeConfig }) {
  const connection = useConnection()
  const rollup = config.deployment?.contracts.rollup as `0x${string}` | undefined
  const { scope, account, message, derive, busy, error: deriveError } = useDeriveL2Key(config)
  const write = useWriteContract()
  const client = usePublicClient({ chainId: config.l1.chainId })
  const [registerError, setError] = useState<string | null>(null)
  const error = deriveError ?? registerError

  // What L1 says about this address: its account index and the last key it queued.
  const onL1 = useQuery({
    queryKey: ['l2KeyOnL1', scope],
    enabled: Boolean(client && rollup && connection.address),
    refetchInterval: 3_000,
    queryFn: async () => {
      const index = await client!.readContract({ address: rollup!, abi: rollupAbi, functionName: 'accountIndexOf', args: [connection.address!] })
      const logs = await client!.getLogs({
        address: rollup!,
        event: priorityOpQueued,
        args: { l1Address: connection.address! },
        fromBlock: BigInt(config.deployment?.startBlock ?? 0),
      })
      const keyed = logs.filter((l) => l.args.pubAx !== 0n || l.args.pubAy !== 0n).at(-1)
      return {
        accountIndex: Number(index),
        lastKey: keyed ? { pubAx: keyed.args.pubAx!, pubAy: keyed.args.pubAy!, opIndex: Number(keyed.args.opIndex) } : null,
      }
    },
  })

  if (!connection.address) {
    return (
      <section className="card" aria-labelledby="l2-account-title">
        <h2 id="l2-account-title">L2 account</h2>
        <p className="muted">Connect a wallet first: your L2 account is derived from it.</p>
      </section>
    )
  }
  if (!rollup || !scope) {
    return (
      <section className="card" aria-labelledby="l2-account-title">
        <h2 id="l2-account-title">L2 account</h2>
        <p className="warn">No Rollup contract is configured for this network, so no L2 key can be derived.</p>
      </section>
    )
  }

  async function register() {
    if (!account) return
    setError(null)
    try {
      const hash = await write.writeContractAsync({
        address: rollup!,
        abi: rollupAbi,
        functionName: 'registerKey',
        args: [account.pubAx, account.pubAy],
        chainId: config.l1.chainId,
      })
      await client!.waitForTransactionReceipt({ hash })
      await onL1.refetch()
    } catch (err) {
      setError(walletErrorMessage(err, 'sent'))
    }
  }

  const keyOnL1 = onL1.data?.lastKey
  const sameKey = account && keyOnL1 && keyOnL1.pubAx === account.pubAx && keyOnL1.pubAy === account.pubAy

  return (
    <section className="card" aria-labelledby="l2-account-title" data-testid="l2-account">
      <h2 id="l2-account-title">L2 account</h2>
      {!account ? (
        <>
          <p>
            Your Lantern L2 account has its own key, derived from <strong>one signature</strong> of the message below by
            your wallet. The signature <em>is</em> the key: anyone who obtains it can spend your L2 funds. So sign it only
            on this site, the Lantern app. It is not a transaction and costs nothing; the same wallet always gives the same
            key. The key stays in this page's memory, with an encrypted copy kept only for this tab so a reload (even
            offline) does not lose it; closing the tab forgets it. It is never sent anywhere, and your wallet's own key is
            never seen by Lantern.
          </p>
          <details>
            <summary>The exact message your wallet will show</summary>
            <pre className="message" data-testid="l2-key-message">{message}</pre>
          </details>
          <button type="button" data-testid="l2-derive" disabled={busy} onClick={() => void derive()}>
            {busy ? 'Waiting for your wallet…' : 'Sign to derive my L2 key'}
          </button>
        </>
      ) : (
        <>
          <dl className="facts">
            <dt>L2 public key</dt>
            <dd className="mono small" data-testid="l2-pubkey">
              {shortHex(`0x${account.pubAx.toString(16).padStart(64, '0')}`)}
            </dd>
            <dt>Account index (L1)</dt>
            <dd data-testid="l2-account-index">
              {onL1.data ? (onL1.data.accountIndex === 0 ? 'none yet (assigned at your first deposit or registration)' : onL1.data.accountIndex) : '…'}
            </dd>
            <dt>Key on L1</dt>
            <dd data-testid="l2-key-on-l1">
              {!onL1.data
                ? '…'
                : sameKey
                  ? `queued on L1 (priority op #${keyOnL1.opIndex})`
                  : keyOnL1
                    ? 'another key was registered last: register this one to use it'
                    : 'not registered yet (a deposit from this page registers it too)'}
            </dd>
          </dl>
          <div className="row">
            {onL1.data && !sameKey && (
              <button type="button" data-testid="l2-register" disabled={write.isPending} onClick={() => void register()}>
                {write.isPending ? 'Confirm in your wallet…' : 'Register this key on L1'}
              </button>
            )}
            <button type="button" className="secondary" onClick={() => {
                forgetL2Account(scope)
                void import('../l2/l2KeySession').then((m) => m.forgetSessionKey(scope))
              }}>
              Forget key in this page
            </button>
          </div>
        </>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="l2-key-error">
          {error}
        </p>
      )}
    </section>
  )
}
