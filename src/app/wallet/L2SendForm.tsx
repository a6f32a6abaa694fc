import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { isAddress } from 'viem'
import { useConnection } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { parseEthAmount } from '../format/eth'
import { useDeriveL2Key } from '../l2/useDeriveL2Key'
import { useNodeClient } from '../node/NodeContext'
import { l2ErrorMessage } from './l2ErrorMessage'
import { gweiToEth } from './L2TxList'
import { prepareL2Send } from './prepareL2Send'
import { lanternRelay } from './relay'
import { signL2Transaction } from './signL2Transaction'
import { submitL2Transaction } from './submitL2Transaction'

type Result = { kind: 'ok' | 'queued' | 'error'; text: string }

/**
 * Sign an L2 payment (`transfer`) or withdrawal in this page with the L2 key and hand it to the
 * relay, or to the outbox while offline. Balance, nonce and fee are shown before signing and
 * re-read at the click; whatever is refused says why and changes nothing.
 */
export function L2SendForm({ config, kind }: { config: RuntimeConfig; kind: 'transfer' | 'withdrawal' }) {
  const id = useId()
  const node = useNodeClient()
  const connection = useConnection()
  const { account: key, derive, busy: deriving, error: deriveError } = useDeriveL2Key(config)
  const rollup = config.deployment?.contracts.rollup as `0x${string}` | undefined
  const [to, setTo] = useState('')
  const [amount, setAmount] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<Result | null>(null)
  const relay = lanternRelay(config.relayUrl)
  const scope = rollup ? { chainId: config.l1.chainId, rollup } : null

  const context = useQuery({
    queryKey: ['l2SendContext', connection.address, rollup, node !== null],
    enabled: Boolean(connection.address && scope),
    refetchInterval: 3_000,
    retry: false,
    queryFn: () => prepareL2Send({ relay, node, scope: scope!, from: connection.address!, to: null }),
  })

  const toProblem = kind === 'transfer' && to !== '' && !isAddress(to) ? 'Enter an L1 address (0x followed by 40 hex digits): L2 accounts are named by their L1 address.' : null
  const parsed = parseEthAmount(amount)
  const amountProblem = amount !== '' && !parsed.ok ? parsed.reason : null
  const ready = Boolean(key && scope && connection.address && parsed.ok && (kind === 'withdrawal' || (to !== '' && !toProblem)))

  async function submit() {
    if (!ready || !parsed.ok || !key || !scope) return
    setBusy(true)
    setResult(null)
    try {
      const recipient = kind === 'transfer' ? (to as `0x${string}`) : null
      const ctx = await prepareL2Send({ relay, node, scope, from: connection.address!, to: recipient })
      const signed = await signL2Transaction({
        kind,
        chainId: scope.chainId,
        rollup: scope.rollup,
        from: connection.address!,
        fromIndex: ctx.fromIndex,
        privateKey: key.privateKey,
        to: recipient,
        toIndex: ctx.toIndex,
        amountWei: parsed.wei,
        feeGwei: ctx.feeGwei,
        nonce: ctx.nonce,
        spendableGwei: ctx.spendableGwei,
      })
      const { outcome } = await submitL2Transaction(relay, signed)
      setResult(
        outcome === 'sent'
          ? { kind: 'ok', text: `Sent: the relay accepted it (nonce ${signed.nonce}, fee ${gweiToEth(signed.feeGwei)}). Follow it below: trusted → virtual → consolidated.` }
          : { kind: 'queued', text: `You are offline: the ${kind === 'transfer' ? 'payment' : 'withdrawal'} is signed and kept in the outbox on this device (nonce ${signed.nonce}). It is sent as soon as the relay answers again.` },
      )
      setAmount('')
      void context.refetch()
    } catch (error) {
      setResult({ kind: 'error', text: l2ErrorMessage(error, 'Nothing was signed or sent.') })
    } finally {
      setBusy(false)
    }
  }

  const what = kind === 'transfer' ? 'pay' : 'withdraw'
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      {!connection.address && <p className="muted">Connect a wallet on the Account tab first.</p>}
      {connection.address && !key && (
        <div className="notice">
          <p>Your L2 key signs L2 transactions in this page. Derive it with one wallet signature (the same as on the Account tab).</p>
          <button type="button" data-testid={`${kind}-derive`} disabled={deriving} onClick={() => void derive()}>
            {deriving ? 'Waiting for your wallet…' : 'Sign to derive my L2 key'}
          </button>
          {deriveError && (
            <p className="error-text" role="alert" data-testid={`${kind}-derive-error`}>
              {deriveError}
            </p>
          )}
        </div>
      )}
      {kind === 'transfer' && (
        <>
          <label htmlFor={`${id}-to`}>Recipient (the L1 address that owns their L2 account)</label>
          <input id={`${id}-to`} data-testid="pay-to" autoComplete="off" placeholder="0x…" value={to} onChange={(e) => setTo(e.target.value.trim())} aria-invalid={toProblem !== null} />
          {toProblem && <p className="error-text" role="alert">{toProblem}</p>}
        </>
      )}
      <label htmlFor={`${id}-amount`}>Amount (ETH)</label>
      <div className="row">
        <input
          id={`${id}-amount`}
          data-testid={kind === 'transfer' ? 'pay-amount' : 'withdraw-amount'}
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.0"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={amountProblem !== null}
        />
        <button
          type="button"
          className="secondary"
          disabled={!context.data || context.data.spendableGwei <= context.data.feeGwei}
          onClick={() => context.data && setAmount(gweiToEth(context.data.spendableGwei - context.data.feeGwei).replace(' ETH', ''))}
        >
          Max
        </button>
      </div>
      {amountProblem && <p className="error-text" role="alert">{amountProblem}</p>}
      <dl className="facts">
        <dt>You can spend</dt>
        <dd data-testid={`${kind}-spendable`}>
          {context.data
            ? `${gweiToEth(context.data.spendableGwei)} (${context.data.source === 'trusted' ? "the relay's trusted state" : "this browser's virtual state: the relay is not reachable"}, less what you signed and is not included yet)`
            : context.isError
              ? l2ErrorMessage(context.error, '').trim()
              : '…'}
        </dd>
        <dt>Nonce</dt>
        <dd data-testid={`${kind}-nonce`}>{context.data ? context.data.nonce : '…'}</dd>
        <dt>L2 fee</dt>
        <dd data-testid={`${kind}-fee`}>
          {context.data ? `${gweiToEth(context.data.feeGwei)} (${context.data.feeSource === 'relay' ? "the relay's quote" : 'the last quote seen here: the relay is not reachable'})` : '…'}
        </dd>
      </dl>
      <button type="submit" data-testid={`${kind}-submit`} disabled={!ready || busy}>
        {busy ? 'Signing…' : kind === 'transfer' ? 'Sign and pay' : 'Sign and withdraw'}
      </button>
      <div aria-live="polite" data-testid={`${kind}-result`} data-result={result?.kind ?? ''}>
        {result && <p className={result.kind === 'error' ? 'error-text' : 'ok-text'} role={result.kind === 'error' ? 'alert' : undefined}>{result.text}</p>}
      </div>
      <p className="small muted">Nothing is signed until you click; your L2 key never leaves this page. To {what}, the relay must sequence the transaction; offline, it waits in the outbox.</p>
    </form>
  )
}
