import { useQuery } from '@tanstack/react-query'
import { bridgeAbi, rollupAbi } from '../../../contracts/generated/abis'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { walletErrorMessage } from '../errors/walletErrorMessage'
import { formatEth } from '../format/eth'
import { simulateThenWrite } from '../l1/simulateThenWrite'
import { useL1Action } from '../l1/useL1Action'
import { useNodeClient } from '../node/NodeContext'
import { NodeCallFailed, NotConnected } from '../node/NotConnected'
import { gweiToEth } from './L2TxList'

/**
 * Frozen mode: withdraw the account's whole balance in the last verified state with a Merkle
 * proof from this browser's own tree, checked against Rollup.lastVerifiedStateRoot() and
 * simulated before the wallet is asked to sign Bridge.escapeWithdraw.
 */
export function EscapePanel({ config }: { config: RuntimeConfig }) {
  const node = useNodeClient()
  const { connection, client, write, message, setMessage, busy, setBusy, bridge, rollup } = useL1Action(config)
  const proof = useQuery({
    queryKey: ['escapeProof', connection.address, node !== null],
    enabled: node !== null && Boolean(connection.address),
    refetchInterval: 5_000,
    retry: false,
    queryFn: () => node!.escapeProof(connection.address!),
  })
  const escaped = useQuery({
    queryKey: ['hasEscaped', bridge, proof.data?.accountIndex],
    enabled: Boolean(client && proof.data),
    refetchInterval: 5_000,
    queryFn: () => client!.readContract({ address: bridge, abi: bridgeAbi, functionName: 'hasEscaped', args: [proof.data!.accountIndex] }),
  })

  if (node === null) return <NotConnected what="The escape-hatch withdrawal needs your account's Merkle proof from the light node's verified state." />
  if (!connection.address) return <p className="muted">Connect the wallet that owns your L2 account.</p>
  if (proof.isError) return <NodeCallFailed error={proof.error} />
  if (proof.data === null) return <p className="muted">This address has no L2 account: nothing to withdraw.</p>
  if (!proof.data) return <p className="muted">Building your account's proof from this browser's state…</p>
  const p = proof.data

  async function escape() {
    setMessage(null)
    setBusy(true)
    try {
      const verifiedRoot = await client!.readContract({ address: rollup, abi: rollupAbi, functionName: 'lastVerifiedStateRoot' })
      if (verifiedRoot !== p.stateRoot) {
        setMessage("L1's last verified state root differs from this browser's: the withdrawal would revert, so nothing was sent. The light node must finish syncing.")
        return
      }
      const args = [p.accountIndex, p.owner, p.balanceGwei, Number(p.nonce), p.pubAx, p.pubAy, [...p.siblings]] as const
      const { receipt, gasCostWei } = await simulateThenWrite(client!, write.writeContractAsync, { address: bridge, abi: bridgeAbi, functionName: 'escapeWithdraw', args, account: connection.address! })
      setMessage(
        receipt.status === 'success'
          ? `Withdrawn: ${gweiToEth(p.balanceGwei)} paid to ${p.owner} on L1 (gas ${formatEth(gasCostWei, 6)}).`
          : 'The escape withdrawal reverted on L1; nothing was paid (only gas was spent).',
      )
      void escaped.refetch()
    } catch (err) {
      setMessage(walletErrorMessage(err, 'withdrawn'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="tracker" data-testid="escape-panel">
      <p>
        Your L2 account #{p.accountIndex} holds <strong data-testid="escape-balance">{gweiToEth(p.balanceGwei)}</strong> in the last state verified on L1 and
        in this browser. The escape hatch pays it to {p.owner} on L1, once.
      </p>
      <button type="button" data-testid="escape-submit" disabled={busy || escaped.data !== false || p.balanceGwei === 0n} onClick={() => void escape()}>
        {escaped.data ? 'Already withdrawn through the escape hatch' : busy ? 'Checking and withdrawing…' : 'Withdraw my L2 balance on L1 (escape hatch)'}
      </button>
      {message && (
        <p className="small" role="status" data-testid="escape-message">
          {message}
        </p>
      )}
    </div>
  )
}
