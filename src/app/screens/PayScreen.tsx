import { useId, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { isAddress } from 'viem'
import { useConnection } from 'wagmi'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { formatEth, parseEthAmount } from '../format/eth'
import { useL2Account } from '../l2/useL2Account'
import { useNodeClient } from '../node/NodeContext'
import { NotConnected } from '../node/NotConnected'

/** Pay another L2 account. Balance, nonce and the outbox come from the light node. */
export default function PayScreen({ config }: { config: RuntimeConfig }) {
  const id = useId()
  const node = useNodeClient()
  const connection = useConnection()
  const { account: key } = useL2Account(config)
  const [to, setTo] = useState('')
  const [amount, setAmount] = useState('')
  const account = useQuery({
    queryKey: ['l2Account', connection.address, node !== null],
    enabled: node !== null && Boolean(connection.address),
    refetchInterval: 2_000,
    queryFn: () => node!.account(connection.address!),
  })
  const toProblem = to !== '' && !isAddress(to) ? 'Enter an L1 address (0x followed by 40 hex digits): L2 accounts are named by their L1 address.' : null
  const parsed = parseEthAmount(amount)
  const amountProblem = amount !== '' && !parsed.ok ? parsed.reason : null

  return (
    <section className="card" aria-labelledby="pay-title">
      <h2 id="pay-title">Pay on L2</h2>
      {node === null && (
        <NotConnected what="Paying on L2 needs your L2 balance and nonce from the light node, and the relay to sequence the transfer (or the outbox while offline). Neither is connected in this build, so nothing can be sent from here yet." />
      )}
      {!key && <p className="muted">Your L2 key is needed to sign: derive it on the Account tab.</p>}
      <form className="form" onSubmit={(e) => e.preventDefault()} noValidate>
        <label htmlFor={`${id}-to`}>Recipient (L1 address of their L2 account)</label>
        <input id={`${id}-to`} data-testid="pay-to" autoComplete="off" placeholder="0x…" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={toProblem !== null} />
        {toProblem && <p className="error-text" role="alert">{toProblem}</p>}
        <label htmlFor={`${id}-amount`}>Amount (ETH)</label>
        <input id={`${id}-amount`} data-testid="pay-amount" inputMode="decimal" autoComplete="off" placeholder="0.0" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={amountProblem !== null} />
        {amountProblem && <p className="error-text" role="alert">{amountProblem}</p>}
        <dl className="facts">
          <dt>Your L2 balance</dt>
          <dd data-testid="pay-l2-balance">
            {account.data
              ? (['trusted', 'virtual', 'consolidated'] as const)
                  .map((level) => `${account.data!.balance[level] === null ? 'unknown' : formatEth(account.data!.balance[level]!)} (${level})`)
                  .join(' · ')
              : account.data === null
                ? 'no L2 account yet (make a deposit first)'
                : account.isError
                  ? account.error.message
                  : 'light node not connected'}
          </dd>
          <dt>Nonce</dt>
          <dd>{account.data ? (account.data.nonce.virtual ?? 'unknown') : 'light node not connected'}</dd>
          <dt>L2 fee</dt>
          <dd>set by the relay's pool: relay fee quote not connected</dd>
        </dl>
        <button type="submit" disabled>
          Sign and send
        </button>
      </form>
    </section>
  )
}
