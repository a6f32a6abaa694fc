import { beforeEach, describe, expect, it, vi } from 'vitest'
import { GWEI } from '../../protocol/constants'
import { loadCrypto } from '../../protocol/crypto/loadCrypto'
import { l2PublicKey } from '../../protocol/crypto/eddsa'
import { InsufficientBalanceError, InvalidTransactionError } from '../../protocol/errors'
import { addressToBigint } from '../../protocol/field'
import { verifyTxSignature } from '../../protocol/tx/l2Tx'
import { parseL2Tx } from '../../protocol/tx/l2TxJson'
import { FeeTooLowError, NonceTooLowError, PoolFullError } from '../../rpc/errors'
import type { BatchView } from '../node/NodeClient'
import { RecipientNotFoundError, SigningInputUnavailableError } from './errors'
import { flushOutbox } from './flushOutbox'
import { followL2Transactions } from './followL2Transactions'
import { l2ErrorMessage } from './l2ErrorMessage'
import { clearL2Txs, l2TxState, listL2Txs } from './l2TxStore'
import { prepareL2Send } from './prepareL2Send'
import { signL2Transaction, type SignL2Input } from './signL2Transaction'
import { submitL2Transaction } from './submitL2Transaction'
import { scriptedRelay } from './testing'

const ROLLUP = '0x5fbdb2315678afecb367f032d93f642f64180aa3' as const
const ALICE = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc' as const
const BOB = '0x90f79bf6eb2c4f870365e785982e1f101e93b906' as const
const scope = { chainId: 31337, rollup: ROLLUP }
const key = new Uint8Array(32).fill(7)

function input(over: Partial<SignL2Input> = {}): SignL2Input {
  return { kind: 'transfer', chainId: 31337, rollup: ROLLUP, from: ALICE, fromIndex: 2, privateKey: key, to: BOB, toIndex: 3, amountWei: 10n ** 17n, feeGwei: 5n, nonce: 0, spendableGwei: 10n ** 9n, now: 1, ...over }
}

beforeEach(() => {
  const items = new Map<string, string>()
  vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) })
  clearL2Txs()
})

describe('signL2Transaction', () => {
  it('signs the §4.3 txHash with the L2 key: the relay’s parser accepts it and the signature verifies for the key', async () => {
    const record = await signL2Transaction(input())
    const parsed = parseL2Tx(record.signedTx)
    expect(parsed).toMatchObject({ type: 1, from: 2, to: 3, amount: 10n ** 8n, fee: 5n, nonce: 0n })
    await loadCrypto()
    const domain = { chainId: 31337n, rollupAddress: addressToBigint(ROLLUP) }
    expect(verifyTxSignature(parsed, parsed.signature, l2PublicKey(key), domain)).toBe(true)
    expect(verifyTxSignature(parsed, parsed.signature, l2PublicKey(key), { ...domain, chainId: 1n })).toBe(false)
    expect(record.state).toBe('queued-offline')
  })

  it('a withdrawal signs to = 0 and keeps no recipient', async () => {
    const record = await signL2Transaction(input({ kind: 'withdrawal', to: null, toIndex: 9 }))
    expect(parseL2Tx(record.signedTx)).toMatchObject({ type: 2, to: 0 })
    expect(record.to).toBeNull()
  })

  it('refuses more than the spendable balance (amount + fee) and sub-gwei amounts, signing nothing', async () => {
    await expect(signL2Transaction(input({ spendableGwei: 10n ** 8n + 4n }))).rejects.toBeInstanceOf(InsufficientBalanceError)
    await expect(signL2Transaction(input({ amountWei: 10n ** 17n + 1n }))).rejects.toBeInstanceOf(InvalidTransactionError)
    await expect(signL2Transaction(input({ amountWei: 0n }))).rejects.toBeInstanceOf(InvalidTransactionError)
    expect(await signL2Transaction(input({ spendableGwei: 10n ** 8n + 5n }))).toBeDefined()
  })
})

describe('submitL2Transaction and the outbox', () => {
  it('sends through lantern_sendTransaction and records it as sent', async () => {
    const { relay, calls } = scriptedRelay({ lantern_sendTransaction: () => ({ hash: '0x' + '1'.repeat(64), status: 'pending', replaced: null }) })
    const signed = await signL2Transaction(input())
    const { outcome } = await submitL2Transaction(relay, signed, () => 5)
    expect(outcome).toBe('sent')
    expect(calls[0]).toEqual({ method: 'lantern_sendTransaction', params: [signed.signedTx] })
    expect(listL2Txs()).toMatchObject([{ hash: signed.hash, state: 'sent', sentAt: 5 }])
  })

  it('a relay refusal is thrown as its typed error and nothing is kept', async () => {
    const { relay } = scriptedRelay({
      lantern_sendTransaction: () => {
        throw new FeeTooLowError({ fee: 5n, minFee: 6n })
      },
    })
    await expect(submitL2Transaction(relay, await signL2Transaction(input()))).rejects.toBeInstanceOf(FeeTooLowError)
    expect(listL2Txs()).toEqual([])
  })

  it('an unreachable relay queues the transaction; flushOutbox sends it in nonce order once the relay answers, and marks a refused one rejected with the reason', async () => {
    const sent: string[] = []
    const { relay, down, up } = scriptedRelay({
      lantern_sendTransaction: ([tx]) => {
        const nonce = (tx as { nonce: string }).nonce
        if (nonce === '2') throw new NonceTooLowError({ accountIndex: 2, nonce: 2n, next: 3n })
        sent.push(nonce)
        return { hash: '0x' + '1'.repeat(64), status: 'pending', replaced: null }
      },
    })
    down()
    for (const nonce of [1, 0, 2]) expect((await submitL2Transaction(relay, await signL2Transaction(input({ nonce, amountWei: BigInt(nonce + 1) * GWEI })))).outcome).toBe('queued-offline')
    expect(listL2Txs().map((r) => r.state)).toEqual(['queued-offline', 'queued-offline', 'queued-offline'])
    expect(await flushOutbox(relay, scope)).toEqual({ sent: 0, rejected: 0, waiting: 3 })
    up()
    expect(await flushOutbox(relay, scope)).toEqual({ sent: 2, rejected: 1, waiting: 0 })
    expect(sent).toEqual(['0', '1'])
    const rejected = listL2Txs().find((r) => r.nonce === 2)!
    expect(rejected.state).toBe('rejected')
    expect(rejected.reason).toContain('nonce (2) was already used')
  })
})

describe('prepareL2Send', () => {
  const account = (index: number, balanceGwei: bigint, nonce: number) => ({ state: 'trusted', batchNumber: '0x1', root: '0x' + '0'.repeat(64), index, address: ALICE, balanceGwei: `0x${balanceGwei.toString(16)}`, nonce: `0x${nonce.toString(16)}`, pubAx: '0x' + '0'.repeat(64), pubAy: '0x' + '0'.repeat(64), siblings: [] })

  it('online: trusted nonce and balance, the relay’s fee, the recipient by L1 address; pending local transactions are skipped over and subtracted', async () => {
    const { relay } = scriptedRelay({
      lantern_getAccount: ([ref]) => (ref === ALICE ? account(2, 1000n, 4) : ref === BOB ? account(3, 0n, 0) : null),
      lantern_estimateFee: () => ({ feeGwei: '0x7', minFeeGwei: '0x1' }),
      lantern_sendTransaction: () => ({ hash: '0x' + '1'.repeat(64), status: 'pending', replaced: null }),
    })
    expect(await prepareL2Send({ relay, node: null, scope, from: ALICE, to: BOB })).toEqual({ fromIndex: 2, nonce: 4, spendableGwei: 1000n, feeGwei: 7n, source: 'trusted', feeSource: 'relay', toIndex: 3 })
    await submitL2Transaction(relay, await signL2Transaction(input({ nonce: 4, amountWei: 100n * GWEI, feeGwei: 7n })))
    // An older record (nonce 3, already in the trusted state) is not pending.
    await submitL2Transaction(relay, await signL2Transaction(input({ nonce: 3, amountWei: 500n * GWEI })))
    expect(await prepareL2Send({ relay, node: null, scope, from: ALICE, to: BOB })).toMatchObject({ nonce: 5, spendableGwei: 893n })
    await expect(prepareL2Send({ relay, node: null, scope, from: ALICE, to: '0x000000000000000000000000000000000000dead' })).rejects.toBeInstanceOf(RecipientNotFoundError)
  })

  it('offline: the light node’s virtual state and the last fee quote; without a quote nothing can be signed', async () => {
    const node = {
      account: async (address: `0x${string}`) =>
        address === ALICE
          ? { accountIndex: 2, address: ALICE, pubKey: null, balance: { trusted: null, virtual: 50n * GWEI, consolidated: null }, nonce: { trusted: null, virtual: 1, consolidated: null }, state: 'virtual' as const }
          : address === BOB
            ? { accountIndex: 3, address: BOB, pubKey: null, balance: { trusted: null, virtual: 0n, consolidated: null }, nonce: { trusted: null, virtual: 0, consolidated: null }, state: 'virtual' as const }
            : null,
    }
    const first = scriptedRelay({})
    first.down()
    await expect(prepareL2Send({ relay: first.relay, node, scope, from: ALICE, to: BOB })).rejects.toBeInstanceOf(SigningInputUnavailableError)
    const online = scriptedRelay({ lantern_getAccount: () => null, lantern_estimateFee: () => ({ feeGwei: '0x3', minFeeGwei: '0x1' }) })
    // A quote seen online is remembered; the relay has not sequenced the account yet (null), the node's virtual state has it.
    expect(await prepareL2Send({ relay: online.relay, node, scope, from: ALICE, to: BOB })).toMatchObject({ source: 'virtual', feeSource: 'relay', feeGwei: 3n })
    online.down()
    expect(await prepareL2Send({ relay: online.relay, node, scope, from: ALICE, to: BOB })).toEqual({ fromIndex: 2, nonce: 1, spendableGwei: 50n, feeGwei: 3n, source: 'virtual', feeSource: 'last quote', toIndex: 3 })
  })
})

describe('followL2Transactions', () => {
  function batchView(state: BatchView['state'], fields: Partial<BatchView['txs'][number]> = {}): BatchView {
    return { batchNumber: 4, state, oldStateRoot: 1n, newStateRoot: 2n, exitRoot: 0n, txs: [{ slot: 1, type: 'TRANSFER', fromIndex: 2, toIndex: 3, amountWei: 10n ** 17n, feeWei: 5n * GWEI, ...fields }] }
  }

  it('trusted from the relay’s receipt and batch slots, virtual and consolidated only when the node’s own batch holds the same transaction at that slot', async () => {
    const signed = await signL2Transaction(input())
    const { relay } = scriptedRelay({
      lantern_sendTransaction: () => ({ hash: signed.hash, status: 'pending', replaced: null }),
      eth_getTransactionReceipt: () => ({ blockNumber: '0x4' }),
      zkevm_getBatchByNumber: () => ({ lantern: { slots: [{ slot: 0, kind: 'priority', hash: '0x' + '2'.repeat(64) }, { slot: 1, kind: 'l2', hash: signed.hash }] } }),
    })
    await submitL2Transaction(relay, signed)
    let view: BatchView | undefined
    const node = { batches: async () => (view ? [view] : []) }
    await followL2Transactions(relay, node, scope, () => 10)
    expect(listL2Txs()[0]).toMatchObject({ batchNumber: 4, slot: 1, trustedAt: 10 })
    expect(l2TxState(listL2Txs()[0]!)).toBe('trusted')
    view = batchView('virtual')
    await followL2Transactions(relay, node, scope, () => 11)
    expect(l2TxState(listL2Txs()[0]!)).toBe('virtual')
    view = batchView('consolidated')
    await followL2Transactions(relay, node, scope, () => 12)
    expect(listL2Txs()[0]).toMatchObject({ virtualAt: 11, consolidatedAt: 12 })
  })

  it('a node batch holding another transaction at that slot is a mismatch, not a confirmation', async () => {
    const signed = await signL2Transaction(input())
    const { relay } = scriptedRelay({
      lantern_sendTransaction: () => ({ hash: signed.hash, status: 'pending', replaced: null }),
      eth_getTransactionReceipt: () => ({ blockNumber: '0x4' }),
      zkevm_getBatchByNumber: () => ({ lantern: { slots: [{ slot: 1, kind: 'l2', hash: signed.hash }] } }),
    })
    await submitL2Transaction(relay, signed)
    await followL2Transactions(relay, { batches: async () => [batchView('consolidated', { amountWei: 10n ** 16n })] }, scope)
    const record = listL2Txs()[0]!
    expect(l2TxState(record)).toBe('alarm')
    expect(record.consolidatedAt).toBeUndefined()
  })
})

describe('followL2Transactions: a transaction the relay dropped', () => {
  it('pooled stays pending; held nowhere (no receipt, not in the pool, still no receipt) is dropped, followed no more, and frees its nonce', async () => {
    const signed = await signL2Transaction(input())
    let pooled = true
    const { relay, calls } = scriptedRelay({
      lantern_sendTransaction: () => ({ hash: signed.hash, status: 'pending', replaced: null }),
      eth_getTransactionReceipt: () => null,
      eth_getTransactionByHash: () => (pooled ? { hash: signed.hash, blockNumber: null } : null),
    })
    await submitL2Transaction(relay, signed)
    await followL2Transactions(relay, null, scope, () => 10)
    expect(l2TxState(listL2Txs()[0]!)).toBe('pending')
    pooled = false
    await followL2Transactions(relay, null, scope, () => 11)
    expect(listL2Txs()[0]).toMatchObject({ droppedAt: 11 })
    expect(l2TxState(listL2Txs()[0]!)).toBe('dropped')
    const asked = calls.length
    await followL2Transactions(relay, null, scope, () => 12)
    expect(calls.length).toBe(asked)
    // The next payment reuses the dropped one's nonce (0) and spends its amount, instead of a gap.
    const trustedAlice = { state: 'trusted', batchNumber: '0x1', root: '0x' + '0'.repeat(64), index: 2, address: ALICE, balanceGwei: '0x3b9aca00', nonce: '0x0', pubAx: '0x' + '0'.repeat(64), pubAy: '0x' + '0'.repeat(64), siblings: [] }
    const next = scriptedRelay({ lantern_getAccount: () => trustedAlice, lantern_estimateFee: () => ({ feeGwei: '0x5', minFeeGwei: '0x1' }) })
    expect(await prepareL2Send({ relay: next.relay, node: null, scope, from: ALICE, to: null })).toMatchObject({ nonce: 0, spendableGwei: 10n ** 9n })
  })

  it('a batch committed between the receipt and the pool lookup is taken as included, not dropped', async () => {
    const signed = await signL2Transaction(input())
    let receipts = 0
    const { relay } = scriptedRelay({
      lantern_sendTransaction: () => ({ hash: signed.hash, status: 'pending', replaced: null }),
      eth_getTransactionReceipt: () => (receipts++ === 0 ? null : { blockNumber: '0x4' }),
      eth_getTransactionByHash: () => null,
      zkevm_getBatchByNumber: () => ({ lantern: { slots: [{ slot: 1, kind: 'l2', hash: signed.hash }] } }),
    })
    await submitL2Transaction(relay, signed)
    await followL2Transactions(relay, null, scope, () => 10)
    expect(listL2Txs()[0]).toMatchObject({ batchNumber: 4, slot: 1 })
    expect(listL2Txs()[0]!.droppedAt).toBeUndefined()
    expect(l2TxState(listL2Txs()[0]!)).toBe('trusted')
  })
})

describe('l2ErrorMessage', () => {
  it('says in plain words what went wrong, in ETH, and that nothing was sent', () => {
    expect(l2ErrorMessage(new InsufficientBalanceError({ accountIndex: 2, balance: 10n, required: 1_000_000_000n }))).toBe(
      'Your L2 balance is 0.00000001 ETH, but this needs 1 ETH (amount + fee). Lower the amount. Nothing was sent.',
    )
    expect(l2ErrorMessage(new PoolFullError({ scope: 'global', max: 10 }))).toBe('The relay\'s pool is full right now. Try again in a minute. Nothing was sent.')
    expect(l2ErrorMessage(new FeeTooLowError({ fee: 1n, minFee: 2n }))).toContain('below the relay\'s minimum of 0.000000002 ETH')
    expect(l2ErrorMessage(new NonceTooLowError({ accountIndex: 2, nonce: 1n, next: 3n }))).toContain('was already used: your account is at nonce 3')
  })
})
