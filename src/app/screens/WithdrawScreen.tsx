import { useQuery } from '@tanstack/react-query'
import { usePublicClient } from 'wagmi'
import { bridgeAbi, rollupAbi } from '../../../contracts/generated/abis'
import type { RuntimeConfig } from '../config/runtimeConfig'
import { walletErrorMessage } from '../errors/walletErrorMessage'
import { formatEth } from '../format/eth'
import { simulateThenWrite } from '../l1/simulateThenWrite'
import { useL1Action } from '../l1/useL1Action'
import { useNodeClient } from '../node/NodeContext'
import { NotConnected } from '../node/NotConnected'
import { EscapePanel } from '../wallet/EscapePanel'
import { L2SendForm } from '../wallet/L2SendForm'
import { gweiToEth, L2TxList, useMyL2Txs } from '../wallet/L2TxList'
import { updateL2Tx, type L2TxRecord } from '../wallet/l2TxStore'

/**
 * Withdraw on L2, then claim on L1. A claim is offered only once the withdrawal's batch is
 * consolidated and verified in this browser; its Merkle proof is built here from local state
 * (NodeClient.buildClaimProof), compared with Rollup.exitRootOf and simulated before the wallet
 * is asked to sign.
 */
export default function WithdrawScreen({ config }: { config: RuntimeConfig }) {
  const node = useNodeClient()
  const client = usePublicClient({ chainId: config.l1.chainId })
  const rollup = config.deployment?.contracts.rollup as `0x${string}` | undefined
  const withdrawals = useMyL2Txs(config, 'withdrawal')
  const frozen = useQuery({
    queryKey: ['frozen', rollup],
    enabled: Boolean(client && rollup),
    refetchInterval: 5_000,
    queryFn: () => client!.readContract({ address: rollup!, abi: rollupAbi, functionName: 'frozen' }),
  })
  const claimable = withdrawals.filter((w) => w.state === 'sent' && w.batchNumber !== undefined)

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
          <EscapePanel config={config} />
        </section>
      )}
      <section className="card" aria-labelledby="withdraw-title">
        <h2 id="withdraw-title">Withdraw to L1</h2>
        {frozen.data ? (
          <p className="muted">L2 transactions are closed while the rollup is frozen: use the escape-hatch withdrawal above.</p>
        ) : (
          <>
            <p className="muted">A withdrawal is an L2 transaction signed in this page; once its batch is proven on L1 and verified by this browser, you claim the ETH on L1 below.</p>
            <L2SendForm config={config} kind="withdrawal" />
          </>
        )}
        <L2TxList records={withdrawals} empty="No withdrawal signed in this browser yet." />
      </section>
      <section className="card" aria-labelledby="claims-title">
        <h2 id="claims-title">Claims on L1</h2>
        {node === null && <NotConnected what="Claims are built from this browser's own verified copy of the exit tree, never fetched from a server; without the light node there is nothing to claim from here." />}
        {claimable.length === 0 ? (
          <p className="muted">No withdrawal in a batch yet.</p>
        ) : (
          <ul className="list">
            {claimable.map((w) => (
              <ClaimRow key={w.hash} record={w} config={config} />
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

function ClaimRow({ record, config }: { record: L2TxRecord; config: RuntimeConfig }) {
  const node = useNodeClient()
  const { connection, client, write, message, setMessage, busy, setBusy, bridge, rollup } = useL1Action(config)
  const batch = record.batchNumber!
  const slot = record.slot!
  const claimed = useQuery({
    queryKey: ['isClaimed', bridge, batch, slot],
    enabled: Boolean(client),
    refetchInterval: 5_000,
    queryFn: () => client!.readContract({ address: bridge, abi: bridgeAbi, functionName: 'isClaimed', args: [BigInt(batch), BigInt(slot)] }),
  })
  const ready = record.consolidatedAt !== undefined && node !== null && claimed.data === false

  async function claim() {
    setMessage(null)
    setBusy(true)
    try {
      const proof = await node!.buildClaimProof(batch, slot)
      const onL1 = await client!.readContract({ address: rollup, abi: rollupAbi, functionName: 'exitRootOf', args: [BigInt(batch)] })
      if (onL1 !== proof.exitRoot) {
        setMessage("The exit root on L1 differs from this browser's: the claim would revert, so it was not sent. The light node must re-sync this batch.")
        return
      }
      const args = [BigInt(proof.batchNumber), BigInt(proof.slotIndex), proof.recipient, proof.amountGwei, [...proof.siblings]] as const
      const sent = await simulateThenWrite(client!, write.writeContractAsync, { address: bridge, abi: bridgeAbi, functionName: 'claim', args, account: connection.address! }, (hash) =>
        updateL2Tx(record.hash, { claim: { l1TxHash: hash, sentAt: Date.now(), state: 'sent' } }),
      )
      const { hash, receipt } = sent
      const gasCostWei = sent.gasCostWei.toString()
      if (receipt.status === 'success') {
        updateL2Tx(record.hash, { claim: { l1TxHash: hash, sentAt: Date.now(), state: 'claimed', gasCostWei } })
        setMessage(`Claimed: ${gweiToEth(proof.amountGwei)} paid to ${proof.recipient} on L1 (gas ${formatEth(sent.gasCostWei, 6)}).`)
      } else {
        updateL2Tx(record.hash, { claim: { l1TxHash: hash, sentAt: Date.now(), state: 'failed', gasCostWei, reason: 'reverted on L1' } })
        setMessage('The claim transaction reverted on L1; nothing was paid (only gas was spent).')
      }
      void claimed.refetch()
    } catch (err) {
      setMessage(walletErrorMessage(err, 'claimed'))
    } finally {
      setBusy(false)
    }
  }

  const label = claimed.data
    ? 'Already claimed on L1'
    : record.consolidatedAt === undefined
      ? `Claim (waits for batch ${batch} to be proven on L1 and verified by this browser)`
      : 'Claim on L1'
  return (
    <li className="tracker" data-testid="claim-row" data-claimed={claimed.data === true}>
      <div className="row spread">
        <span>
          {gweiToEth(record.amountGwei)} · batch {batch}, slot {slot}
        </span>
        <button type="button" data-testid="claim-submit" disabled={!ready || busy || write.isPending} onClick={() => void claim()}>
          {busy ? 'Checking and claiming…' : label}
        </button>
      </div>
      {claimed.data && <p className="small" data-testid="claim-done">This exit was already claimed on L1: it pays out only once.{record.claim?.gasCostWei ? ` Claimed from this browser (gas ${formatEth(BigInt(record.claim.gasCostWei), 6)}).` : ''}</p>}
      {message && (
        <p className="small" role="status" data-testid="claim-message">
          {message}
        </p>
      )}
    </li>
  )
}
