/**
 * An in-memory L1 for the node's tests: a chain of blocks carrying PriorityOpQueued,
 * BatchesSequenced and BatchesVerified events as the contracts would emit them, reorgs, and
 * hooks that make the endpoint lie. A sequencer model beside it builds real batch records with
 * src/protocol's executor, and proofs a test verifier accepts only for the right public inputs.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { GENESIS_ACC_INPUT_HASH, accInputHash } from '../../../src/protocol/batch/accInputHash.js'
import { opHash } from '../../../src/protocol/batch/opHash.js'
import { BatchExecution } from '../../../src/protocol/executor/batchExecution.js'
import type { BatchResult, SlotItem } from '../../../src/protocol/executor/types.js'
import { type Hex, bigintToBytes, bytesToHex } from '../../../src/protocol/field.js'
import { MemoryStore } from '../../../src/protocol/store/memoryStore.js'
import type { PriorityOp } from '../../../src/protocol/tx/priorityOp.js'
import type { L1BatchProof, L1BlockRef, L1Source, QueuedPriorityOp, SequencedBatches, VerifiedBatches } from '../l1Source.js'
import type { ProofCheck, ProofVerifier } from '../proofVerifier.js'
import { concatBytes } from '@noble/hashes/utils.js'

export const CHAIN_ID = 31337n
export const ROLLUP = 0x5fbdb2315678afecb367f032d93f642f64180aa3n
export const DEPLOY_BLOCK = 1n

type Block = {
  ref: L1BlockRef
  ops: QueuedPriorityOp[]
  sequenced: SequencedBatches[]
  verified: VerifiedBatches[]
}

/** Lies an endpoint can tell: each hook may rewrite what a read returns. */
export type Tamper = {
  sequenced?: (call: SequencedBatches) => SequencedBatches
  verified?: (call: VerifiedBatches) => VerifiedBatches
}

/** The in-memory L1. Block numbers start at DEPLOY_BLOCK. */
export class FakeL1 implements L1Source {
  private blocks: Block[] = []
  private fork = 0
  private opCount = 0n
  tamper: Tamper = {}
  /** Calls made, for assertions about what the node read. */
  reads = 0

  private mine(): Block {
    const number = DEPLOY_BLOCK + BigInt(this.blocks.length)
    const parent = this.blocks[this.blocks.length - 1]?.ref.hash ?? `0x${'00'.repeat(32)}`
    const hash = bytesToHex(keccak_256(new TextEncoder().encode(`${parent}/${number}/${this.fork}`)))
    const block: Block = { ref: { number, hash }, ops: [], sequenced: [], verified: [] }
    this.blocks.push(block)
    return block
  }

  /** Mines `count` empty blocks. */
  mineEmpty(count = 1): void {
    for (let i = 0; i < count; i++) this.mine()
  }

  /** Queues a priority op in a new block. */
  queue(op: PriorityOp): void {
    const block = this.mine()
    block.ops.push({ opIndex: this.opCount++, op, deadline: block.ref.number + 100n, block: block.ref, logIndex: 0 })
  }

  /** A sequenceBatches call of these records in a new block (the checkpoint computed as the contract does). */
  sequence(records: readonly Uint8Array[], accBefore: Hex, firstBatch: bigint): SequencedBatches {
    const block = this.mine()
    let acc = accBefore
    for (const record of records) acc = accInputHash(acc, record)
    const call: SequencedBatches = {
      firstBatch,
      lastBatch: firstBatch + BigInt(records.length) - 1n,
      accInputHash: acc,
      records: concatBytes(...records),
      block: block.ref,
      logIndex: 0,
      txHash: bytesToHex(keccak_256(new TextEncoder().encode(`seq/${block.ref.hash}`))),
    }
    block.sequenced.push(call)
    return call
  }

  /** A verifyBatches call in a new block. */
  verify(firstBatch: bigint, records: readonly Uint8Array[], proofs: readonly L1BatchProof[]): void {
    const block = this.mine()
    block.verified.push({
      firstBatch,
      lastBatch: firstBatch + BigInt(proofs.length) - 1n,
      stateRoot: proofs[proofs.length - 1]!.newStateRoot,
      records: concatBytes(...records),
      proofs,
      block: block.ref,
      logIndex: 0,
      txHash: bytesToHex(keccak_256(new TextEncoder().encode(`ver/${block.ref.hash}`))),
    })
  }

  /** Drops every block after `keepThrough`; blocks mined afterwards get other hashes. */
  reorg(keepThrough: bigint): void {
    this.blocks = this.blocks.filter((block) => block.ref.number <= keepThrough)
    this.opCount = BigInt(this.blocks.reduce((sum, block) => sum + block.ops.length, 0))
    this.fork++
  }

  get headNumber(): bigint {
    return DEPLOY_BLOCK + BigInt(this.blocks.length) - 1n
  }

  async head(): Promise<L1BlockRef> {
    this.reads++
    const last = this.blocks[this.blocks.length - 1]
    return last?.ref ?? { number: DEPLOY_BLOCK - 1n, hash: `0x${'00'.repeat(32)}` }
  }

  async blockHash(number: bigint): Promise<Hex | undefined> {
    this.reads++
    return this.blocks.find((block) => block.ref.number === number)?.ref.hash
  }

  private range(from: bigint, to: bigint): Block[] {
    this.reads++
    return this.blocks.filter((block) => block.ref.number >= from && block.ref.number <= to)
  }

  async priorityOps(from: bigint, to: bigint): Promise<QueuedPriorityOp[]> {
    return this.range(from, to).flatMap((block) => block.ops)
  }

  async sequencedBatches(from: bigint, to: bigint): Promise<SequencedBatches[]> {
    const calls = this.range(from, to).flatMap((block) => block.sequenced)
    return calls.map((call) => this.tamper.sequenced?.(call) ?? call)
  }

  async verifiedBatches(from: bigint, to: bigint): Promise<VerifiedBatches[]> {
    const calls = this.range(from, to).flatMap((block) => block.verified)
    return calls.map((call) => this.tamper.verified?.(call) ?? call)
  }
}

/** A stand-in proof: its first word commits to the public inputs; the test verifier checks exactly that. */
export function testProof(publicInputs: readonly bigint[]): bigint[] {
  const bytes = concatBytes(...publicInputs.map((value) => bigintToBytes(value, 32)))
  const digest = BigInt(bytesToHex(keccak_256(bytes))) >> 8n
  return [digest, 1n, 2n, 3n, 4n, 5n, 6n, 7n]
}

/** A verifier that accepts exactly `testProof(inputs)` for `inputs`, and counts its calls. */
export class TestVerifier implements ProofVerifier {
  single = 0
  all = 0
  readonly seen: (readonly bigint[])[] = []
  constructor(private readonly withVerifyAll = true) {
    if (!withVerifyAll) this.verifyAll = undefined
  }
  async verify({ proof, publicInputs }: ProofCheck): Promise<boolean> {
    this.single++
    this.seen.push(publicInputs)
    const expected = testProof(publicInputs)
    return proof.length === 8 && proof.every((word, i) => word === expected[i])
  }
  verifyAll: ProofVerifier['verifyAll'] = async (checks) => {
    this.all++
    return checks.every(({ proof, publicInputs }) => {
      const expected = testProof(publicInputs)
      return proof.every((word, i) => word === expected[i])
    })
  }
}

/** The honest sequencer and prover: executes batches with the protocol executor and posts them to the FakeL1. */
export class TestSequencer {
  readonly state = new MemoryStore()
  readonly results: BatchResult[] = []
  private acc: Hex = GENESIS_ACC_INPUT_HASH
  private verified = 0

  constructor(readonly l1: FakeL1) {}

  /** Executes one batch (priority items are queued on L1 first), without posting it. */
  async build(items: readonly SlotItem[], feeAccountIndex = 0): Promise<BatchResult> {
    for (const item of items) if (item.kind === 'priority') this.l1.queue(item.op)
    const execution = await BatchExecution.start(
      this.state,
      { chainId: CHAIN_ID, rollupAddress: ROLLUP, batchNumber: BigInt(this.results.length + 1), feeAccountIndex },
      { verifySignatures: false },
    )
    for (const item of items) await execution.apply(item)
    const result = await execution.finalize()
    await execution.commit()
    this.results.push(result)
    return result
  }

  /** Posts the batches built since the last post in one sequenceBatches call. */
  post(from: number, count: number): SequencedBatches {
    const records = this.results.slice(from - 1, from - 1 + count).map((result) => result.record)
    const call = this.l1.sequence(records, this.acc, BigInt(from))
    this.acc = call.accInputHash
    return call
  }

  /** Verifies the next `count` posted batches in one verifyBatches call, with honest proofs (or the proofs `edit` makes). */
  prove(count: number, edit?: (proofs: L1BatchProof[]) => L1BatchProof[]): void {
    const batch = this.results.slice(this.verified, this.verified + count)
    let proofs: L1BatchProof[] = batch.map((result) => ({
      newStateRoot: result.newStateRoot,
      exitRoot: result.exitRoot,
      proof: testProof(result.publicInputs),
    }))
    if (edit) proofs = edit(proofs)
    this.l1.verify(BigInt(this.verified + 1), batch.map((result) => result.record), proofs)
    this.verified += count
  }

  /** A copy of this sequencer (state, batches, checkpoint) to build another fork with. */
  async fork(): Promise<TestSequencer> {
    const copy = new TestSequencer(this.l1)
    for (const key of this.state.keys()) await copy.state.put(key, (await this.state.get(key))!)
    copy.results.push(...this.results)
    copy.acc = this.acc
    copy.verified = this.verified
    return copy
  }

  /** The op hash of a priority op (what the Rollup stores). */
  static opHash = opHash
}
