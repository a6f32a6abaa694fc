import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { encodeFunctionData } from 'viem'
import { useBalance, useConnection, usePublicClient, useWriteContract } from 'wagmi'
import { bridgeAbi } from '../../../contracts/generated/abis'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { walletErrorMessage } from '../errors/walletErrorMessage'
import { floorToGwei, formatEth, parseEthAmount } from '../format/eth'
import { useL2Account } from '../l2/useL2Account'
import { addDeposit } from './depositStore'

/** Deposit ETH from L1 to one's own L2 account, setting its L2 key in the same op. */
export function DepositForm({ config }: { config: RuntimeConfig }) {
  const inputId = useId()
  const connection = useConnection()
  const { account } = useL2Account(config)
  const client = usePublicClient({ chainId: config.l1.chainId })
  const write = useWriteContract()
  const bridge = config.deployment?.contracts.bridge as `0x${string}` | undefined
  const [input, setInput] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState<string | null>(null)
  const balance = useBalance({ address: connection.address, chainId: config.l1.chainId, query: { enabled: Boolean(connection.address), refetchInterval: 2_000 } })

  // Gas for this deposit (with the key), at the current fee.
  const fee = useQuery({
    queryKey: ['depositFee', bridge, connection.address, account?.scope],
    enabled: Boolean(client && bridge && connection.address && account),
    refetchInterval: 10_000,
    queryFn: async () => {
      const gas = await client!.estimateGas({
        account: connection.address!,
        to: bridge!,
        value: 10n ** 9n,
        data: encodeFunctionData({ abi: bridgeAbi, functionName: 'deposit', args: [connection.address!, account!.pubAx, account!.pubAy] }),
      })
      const fees = await client!.estimateFeesPerGas()
      // The limit sent is a quarter above the estimate (see submit), so the fee shown is too.
      const limit = (gas * 5n) / 4n
      return { gas: limit, maxFeeWei: limit * fees.maxFeePerGas }
    },
  })

  if (!connection.address) return <p className="muted">Connect a wallet to deposit.</p>
  if (!bridge) return <p className="warn">No Bridge contract is configured for this network.</p>
  if (!account) {
    return (
      <p className="notice" data-testid="deposit-needs-key">
        Derive your L2 key first (Account tab): the deposit sets it on your L2 account, so you can spend the funds.
      </p>
    )
  }

  const parsed = parseEthAmount(input)
  const balanceWei = balance.data?.value
  const feeWei = fee.data?.maxFeeWei
  let problem: string | null = input === '' ? null : parsed.ok ? null : parsed.reason
  if (parsed.ok && balanceWei !== undefined && feeWei !== undefined && parsed.wei + feeWei > balanceWei) {
    problem = `Insufficient L1 balance: you have ${formatEth(balanceWei)}, this deposit needs ${formatEth(parsed.wei)} plus up to ${formatEth(feeWei, 6)} of L1 gas. Lower the amount (Max fills in what fits). Nothing was sent.`
  }
  const ready = parsed.ok && problem === null && feeWei !== undefined && balanceWei !== undefined && !write.isPending

  function fillMax() {
    if (balanceWei === undefined || feeWei === undefined) return
    // Leave a fifth more than the estimate for gas price moves between now and signing.
    const max = floorToGwei(balanceWei - (feeWei * 6n) / 5n)
    setInput(max > 0n ? (Number(max / 10n ** 9n) / 1e9).toFixed(9).replace(/\.?0+$/, '') : '0')
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    setSent(null)
    if (!ready || !parsed.ok) return
    const amountWei = parsed.wei
    try {
      const args = [connection.address!, account!.pubAx, account!.pubAy] as const
      // A quarter above the node's estimate: on the devnet a deposit sent with exactly the
      // estimated gas was seen to run out of it (and revert) after a registerKey by the same address.
      const gas = await client!.estimateContractGas({ address: bridge!, abi: bridgeAbi, functionName: 'deposit', args, value: amountWei, account: connection.address! })
      const hash = await write.writeContractAsync({
        address: bridge!,
        abi: bridgeAbi,
        functionName: 'deposit',
        args,
        value: amountWei,
        gas: (gas * 5n) / 4n,
        chainId: config.l1.chainId,
      })
      addDeposit({
        id: hash,
        chainId: config.l1.chainId,
        rollup: config.deployment!.contracts.rollup as `0x${string}`,
        from: connection.address!,
        recipient: connection.address!,
        amountWei: amountWei.toString(),
        sentAt: Date.now(),
      })
      setInput('')
      setSent(hash)
      // The tracker follows the receipt; this only surfaces an immediate revert.
      const receipt = await client!.waitForTransactionReceipt({ hash })
      if (receipt.status === 'reverted') setError('The deposit transaction reverted on L1; your ETH stayed in your wallet (minus gas).')
    } catch (err) {
      setError(walletErrorMessage(err, 'sent'))
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={inputId}>Amount to deposit (ETH)</label>
      <div className="row">
        <input
          id={inputId}
          data-testid="deposit-amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.0"
          value={input}
          aria-invalid={problem !== null}
          aria-describedby={`${inputId}-help`}
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="button" className="secondary" onClick={fillMax} disabled={balanceWei === undefined || feeWei === undefined}>
          Max
        </button>
      </div>
      <dl className="facts" id={`${inputId}-help`}>
        <dt>L1 balance</dt>
        <dd data-testid="deposit-balance">{balanceWei !== undefined ? formatEth(balanceWei) : '…'}</dd>
        <dt>L1 gas (max)</dt>
        <dd data-testid="deposit-fee">
          {fee.data ? `${formatEth(fee.data.maxFeeWei, 6)} (${fee.data.gas.toLocaleString('en')} gas)` : fee.isError ? 'cannot estimate (is L1 reachable?)' : '…'}
        </dd>
        <dt>L2 fee</dt>
        <dd>none: deposits pay only L1 gas</dd>
        <dt>To</dt>
        <dd className="mono small">your own L2 account ({connection.address}), with your L2 key</dd>
      </dl>
      {problem && (
        <p className="error-text" role="alert" data-testid="deposit-error">
          {problem}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="deposit-error">
          {error}
        </p>
      )}
      {sent && (
        <p className="ok-text" role="status">
          Deposit sent. Its progress is tracked below, also after a reload.
        </p>
      )}
      <button type="submit" data-testid="deposit-submit" disabled={!ready}>
        {write.isPending ? 'Confirm in your wallet…' : 'Deposit to L2'}
      </button>
    </form>
  )
}
