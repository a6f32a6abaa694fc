// Trusted batches seen as Ethereum blocks, transactions and receipts (docs/RPC.md, "Batches as
// blocks"): batch n is block n, each non-NOOP slot is a transaction, amounts are shown in wei.
import { GWEI, PACKED_TX_BYTES } from '../../src/protocol/constants'
import { bigintToAddress, bigintToBytes, type Hex } from '../../src/protocol/field'
import type { ChainDomain } from '../../src/protocol/tx/l2Tx'
import { toData, toHash32, toQuantity } from '../../src/rpc/encode'
import type { RpcBlock, RpcHeader, RpcReceipt, RpcTransaction, TrustedBatch, ZkevmBatch } from '../../src/rpc/schema'
import { packTx } from '../../src/protocol/tx/packTx'
import type { BatchRecord, SlotRecord } from '../store/records'

const ZERO32: Hex = `0x${'0'.repeat(64)}`
const ZERO_ADDRESS: Hex = `0x${'0'.repeat(40)}`
// keccak256(rlp([])): the empty uncle list and trie roots of an Ethereum block.
const EMPTY_UNCLES: Hex = '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'
const EMPTY_TRIE: Hex = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421'
const EMPTY_BLOOM: Hex = `0x${'0'.repeat(512)}`

function slotInput(slot: SlotRecord): Hex {
  // The slot's 17 packed bytes as they appear in the batch record (§6.1).
  return toData(bigintToBytes(packTx({ type: slot.type as never, fromIndex: slot.fromIndex, toIndex: slot.toIndex, amount: slot.amount, fee: slot.fee }), PACKED_TX_BYTES))
}

/** One slot as an execution-apis transaction object; without a batch, a pending one (block fields null). */
export function transactionView(batch: BatchRecord | null, slot: SlotRecord, domain: ChainDomain): RpcTransaction {
  return {
    type: '0x0',
    hash: slot.hash,
    nonce: toQuantity(slot.nonce ?? 0n),
    blockHash: batch === null ? null : batch.hash,
    blockNumber: batch === null ? null : toQuantity(batch.number),
    transactionIndex: batch === null ? null : toQuantity(batch.slots.indexOf(slot)),
    from: bigintToAddress(slot.fromAddress),
    to: slot.toAddress === null ? null : bigintToAddress(slot.toAddress),
    value: toQuantity(slot.amount * GWEI),
    gas: '0x1',
    gasPrice: toQuantity(slot.fee * GWEI),
    input: slotInput(slot),
    chainId: toQuantity(domain.chainId),
    v: '0x0',
    r: toQuantity(slot.signature?.R8x ?? 0n),
    s: toQuantity(slot.signature?.S ?? 0n),
  }
}

/** A batch's header as a block header. */
export function headerView(batch: BatchRecord): RpcHeader {
  const gasUsed = toQuantity(batch.slots.length)
  return {
    number: toQuantity(batch.number),
    hash: batch.hash,
    parentHash: batch.parentHash,
    timestamp: toQuantity(batch.timestamp),
    stateRoot: toHash32(batch.stateRoot),
    sha3Uncles: EMPTY_UNCLES,
    logsBloom: EMPTY_BLOOM,
    transactionsRoot: batch.slots.length === 0 ? EMPTY_TRIE : batch.accInputHash,
    receiptsRoot: EMPTY_TRIE,
    miner: ZERO_ADDRESS,
    difficulty: '0x0',
    totalDifficulty: '0x0',
    extraData: '0x',
    size: toQuantity(batch.record.length),
    gasLimit: '0x4',
    gasUsed,
    mixHash: ZERO32,
    nonce: '0x0000000000000000',
    baseFeePerGas: '0x0',
    uncles: [],
  }
}

/** A batch as a block, with transaction hashes or full objects. */
export function blockView(batch: BatchRecord, full: boolean, domain: ChainDomain): RpcBlock {
  return {
    ...headerView(batch),
    transactions: full ? batch.slots.map((slot) => transactionView(batch, slot, domain)) : batch.slots.map((slot) => slot.hash),
  }
}

/** An included slot's receipt: included means executed, so status is always 1. */
export function receiptView(batch: BatchRecord, slot: SlotRecord): RpcReceipt {
  const index = batch.slots.indexOf(slot)
  return {
    type: '0x0',
    transactionHash: slot.hash,
    transactionIndex: toQuantity(index),
    blockHash: batch.hash,
    blockNumber: toQuantity(batch.number),
    from: bigintToAddress(slot.fromAddress),
    to: slot.toAddress === null ? null : bigintToAddress(slot.toAddress),
    cumulativeGasUsed: toQuantity(index + 1),
    gasUsed: '0x1',
    effectiveGasPrice: toQuantity(slot.fee * GWEI),
    contractAddress: null,
    logs: [],
    logsBloom: EMPTY_BLOOM,
    status: '0x1',
  }
}

/** What lantern_subscribe("trustedBatches") pushes. */
export function trustedBatchView(batch: BatchRecord): TrustedBatch {
  return {
    number: toQuantity(batch.number),
    blockHash: batch.hash,
    timestamp: toQuantity(batch.timestamp),
    oldStateRoot: toHash32(batch.oldStateRoot),
    stateRoot: toHash32(batch.stateRoot),
    priorityOpCount: batch.priorityOpCount,
    accInputHash: batch.accInputHash,
    publicInputs: batch.publicInputs.map((v) => toQuantity(v)),
    exitRoot: toHash32(batch.exitRoot),
    feeAccountIndex: batch.feeAccountIndex,
    totalFeesGwei: toQuantity(batch.totalFees),
    batchL2Data: toData(batch.record),
    slots: batch.slots.map((slot) => ({
      slot: slot.slot,
      kind: slot.kind,
      hash: slot.hash,
      type: slot.type,
      fromIndex: slot.fromIndex,
      toIndex: slot.toIndex,
      amountGwei: toQuantity(slot.amount),
      feeGwei: toQuantity(slot.fee),
      nonce: slot.nonce === null ? null : toQuantity(slot.nonce),
    })),
  }
}

/** zkevm_getBatchByNumber's shape; L1 fields stay null until the L1 follower exists. */
export function zkevmBatchView(batch: BatchRecord, full: boolean, domain: ChainDomain, feeAccountAddress: bigint): ZkevmBatch {
  return {
    number: toQuantity(batch.number),
    coinbase: bigintToAddress(feeAccountAddress),
    stateRoot: toHash32(batch.stateRoot),
    localExitRoot: toHash32(batch.exitRoot),
    accInputHash: batch.accInputHash,
    timestamp: toQuantity(batch.timestamp),
    sendSequencesTxHash: null,
    verifyBatchTxHash: null,
    closed: true,
    blocks: [batch.hash],
    transactions: full ? batch.slots.map((slot) => transactionView(batch, slot, domain)) : batch.slots.map((slot) => slot.hash),
    batchL2Data: toData(batch.record),
    lantern: trustedBatchView(batch),
  }
}
