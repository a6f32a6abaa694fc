import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useConnection, usePublicClient, useWriteContract } from 'wagmi'
import { bridgeAbi, rollupAbi } from '../../../contracts/generated/abis'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { walletErrorMessage } from '../errors/walletErrorMessage'
import { formatEth } from '../format/eth'
import { useNodeClient } from '../node/NodeContext'
import type { HistoryEntry } from '../node/NodeClient'
import { NodeCallFailed, NotConnected } from '../node/NotConnected'

/**
 * Withdraw on L2, then claim on L1. A claim is offered only for a consolidated batch verified in
 * this browser; its Merkle proof is built here from local state (NodeClient.buildClaimProof),
 * compared with the exit root on L1 and simulated before the wallet is asked to sign.
 */
export default function WithdrawScreen({ config }: { config: RuntimeConfig }) {
  const node = useNodeClient()
  const connection = useConnection()
  const client = usePublicClient({ chainId: config.l1.chainId })
  const rollup = config.deployment?.contracts.rollup as `0x${string}` | undefined
  const frozen = useQuery({
    queryKey: ['frozen', rollup],
    enabled: Boolean(client && rollup),
    refetchInterval: 5_000,
    queryFn: () => client!.readContract({ address: rollup!, abi: rollupAbi, functionName: 'frozen' }),
  })
  const history = useQuery({
    queryKey: ['history', connection.address, node !== null],
    enabled: node !== null && Boolean(connection.address),
    refetchInterval: 3_000,
    queryFn: () => node!.history(connection.address!),
  })
  const withdrawals = (history.data ?? []).filter((h) => h.kind === 'withdrawal')

  return (
    <div className="stack">
      {frozen.data && (
        <section className="card error" aria-labelledby="frozen-title" data-testid="frozen-banner">
          <h2 id="frozen-title">The rollup is frozen</h2>
          <p>
            A priority operation passed its deadline and the escape hatch is active: no more L2 batches. You can withdraw
            your balance in the last verified state with a Merkle proof of your account, claim exits of verified batches,
            and get unprocessed deposits refunded in full (each deposit's tracker on the Bridge tab offers its refund).
          </p>
          {node === null && <NotConnected what="The escape-hatch withdrawal needs your account's Merkle proof from the light node's verified state." />}
        </section>
      )}
      <section className="card" aria-labelledby="withdraw-title">
        <h2 id="withdraw-title">Withdraw to L1</h2>
        {node === null ? (
          <NotConnected what="A withdrawal is an L2 transaction (signed with your L2 key, sequenced by the relay): it needs the light node's balance and nonce, and the relay." />
        ) : (
          <p className="muted">Withdrawals are sent like payments; they appear below once sequenced.</p>
        )}
      </section>
      <section className="card" aria-labelledby="claims-title">
        <h2 id="claims-title">Claims on L1</h2>
        {node === null ? (
          <NotConnected what="Claims are built from this browser's own verified copy of the exit tree, never fetched from a server; without the light node there is nothing to claim from here." />
        ) : history.isError ? (
          <NodeCallFailed error={history.error} />
        ) : withdrawals.length === 0 ? (
          <p className="muted">No withdrawal yet.</p>
        ) : (
          <ul className="list">
            {withdrawals.map((w) => (
              <ClaimRow key={w.id} entry={w} config={config} />
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

function ClaimRow({ entry, config }: { entry: HistoryEntry; config: RuntimeConfig }) {
  const node = useNodeClient()
  const client = usePublicClient({ chainId: config.l1.chainId })
  const write = useWriteContract()
  const [message, setMessage] = useState<string | null>(null)
  const bridge = config.deployment?.contracts.bridge as `0x${string}`
  const rollup = config.deployment?.contracts.rollup as `0x${string}`
  const claimable = entry.state === 'consolidated' && entry.verifiedHere === true && entry.batchNumber !== undefined

  async function claim() {
    setMessage(null)
    try {
      const [batch, slot] = entry.id.split(':').map(Number) as [number, number]
      const proof = await node!.buildClaimProof(batch, slot)
      const onL1 = await client!.readContract({ address: rollup, abi: rollupAbi, functionName: 'exitRootOf', args: [BigInt(batch)] })
      if (onL1 !== proof.exitRoot) {
        setMessage('The exit root on L1 differs from this browser\'s: the claim would revert, so it was not sent. The light node must re-sync this batch.')
        return
      }
      const args = [BigInt(proof.batchNumber), proof.slotIndex, proof.recipient, proof.amountGwei, [...proof.siblings]] as const
      const sim = await client!.simulateContract({ address: bridge, abi: bridgeAbi, functionName: 'claim', args: args as never, account: proof.recipient })
      await write.writeContractAsync(sim.request as never)
      setMessage('Claim sent.')
    } catch (err) {
      setMessage(walletErrorMessage(err, 'sent'))
    }
  }

  return (
    <li className="row spread">
      <span>
        {formatEth(entry.amountWei)} · batch {entry.batchNumber ?? '—'} · {entry.state}
      </span>
      <button type="button" disabled={!claimable || write.isPending} onClick={() => void claim()}>
        {claimable ? 'Claim on L1' : 'Claim (waits for the batch to be proven and verified here)'}
      </button>
      {message && <span role="status">{message}</span>}
    </li>
  )
}
