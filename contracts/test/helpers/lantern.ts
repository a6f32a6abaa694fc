// The test rig for the Lantern contracts: a private anvil, the stack deployed from contracts/out
// (built by contracts/build.ts), viem clients per anvil account, revert decoding by exact error
// name, and a TypeScript model of the queue, the batches and the real L2 state computed with
// src/protocol — so every value the contracts compute (op hashes, records, accumulated input
// hash, public inputs, genesis root) is checked against the protocol implementation rather than
// against itself, and the Bridge's balance against the liabilities of the state the model
// executed. No vitest import here (node:assert instead), so contracts/gas.bench.ts and the chain
// recorder can reuse the rig outside the test runner.
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  decodeErrorResult,
  encodeAbiParameters,
  encodePacked,
  getContractAddress,
  keccak256,
  type Abi,
  type AbiParameter,
  toHex,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TestClient,
  type TransactionReceipt,
  type WalletClient,
  type HttpTransport,
  type LocalAccount,
} from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import assert from 'node:assert/strict'
import { buildContracts, paths, readArtifact } from '../../build'
import { createDeployer } from '../../deploy'
import { bridgeAbi, rollupAbi } from '../../generated/abis'
import { BATCH_SLOTS, PACKED_TX_BYTES, TxType, isPriorityOpType, type PriorityOpType } from '../../../src/protocol/constants'
import { loadCrypto } from '../../../src/protocol/crypto/loadCrypto'
import { accInputHash, GENESIS_ACC_INPUT_HASH } from '../../../src/protocol/batch/accInputHash'
import { batchPublicInputs } from '../../../src/protocol/batch/batchPublicInputs'
import type { BatchRecord, OpData } from '../../../src/protocol/batch/batchRecord'
import { decodeBatchRecord } from '../../../src/protocol/batch/decodeBatchRecords'
import { encodeBatchRecord } from '../../../src/protocol/batch/encodeBatchRecord'
import { exitRoot as exitRootOfLeaves, type Exit } from '../../../src/protocol/batch/exitTree'
import { opHash } from '../../../src/protocol/batch/opHash'
import { executeBatchFromCalldata } from '../../../src/protocol/executor/executeBatchFromCalldata'
import { MemoryStore } from '../../../src/protocol/store/memoryStore'
import { AccountTree } from '../../../src/protocol/tree/accountTree'
import { emptyStateRoot } from '../../../src/protocol/tree/zeroHashes'
import { packedOp, type PriorityOp } from '../../../src/protocol/tx/priorityOp'
import { startAnvil, type TestAnvil } from './anvil'
import { fixture } from './fixtures'

/** Errors of the other contract, so a revert bubbling from Bridge into Rollup (or back) still decodes. */
const rollupErrors = rollupAbi.filter((item) => item.type === 'error')
const bridgeErrors = bridgeAbi.filter((item) => item.type === 'error')
export const rollupTestAbi = [...rollupAbi, ...bridgeErrors] as const
export const bridgeTestAbi = [...bridgeAbi, ...rollupErrors] as const

export const GWEI = 10n ** 9n
export const DEFAULT_DEADLINE_BLOCKS = 100n
export const DEFAULT_PROVING_BLOCKS = 6n
/** A proof the MockVerifier ignores (it only looks at the public inputs). */
export const DUMMY_PROOF = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n] as const
/** chainId and rollupAddress lead the §7.1 inputs; the verifier holds them in its key. */
export const FOLDED_INPUTS = 2

export type Wallet = WalletClient<HttpTransport, Chain, LocalAccount>

/** anvil's default mnemonic: its ten funded accounts, as local accounts so viem estimates gas and
 * decodes a revert before sending (with JSON-RPC accounts anvil would mine the reverting tx). */
const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'

export type Lantern = {
  anvil: TestAnvil
  chain: Chain
  publicClient: PublicClient<HttpTransport, Chain>
  testClient: TestClient<'anvil', HttpTransport, Chain>
  /** anvil's ten unlocked accounts. */
  accounts: Address[]
  wallet: (address: Address) => Wallet
  /** accounts[0]: deploys and sequences. */
  sequencer: Address
  alice: Address
  bob: Address
  carol: Address
  /** accounts[4]: an unprivileged third party (submits proofs, claims for others, attacks). */
  stranger: Address
  rollup: Address
  bridge: Address
  verifier: Address
  verifierKind: 'mock' | 'real'
  /** Linked library addresses by name (PoseidonT3, PoseidonT6). */
  libraries: Record<string, Address>
  deadlineBlocks: bigint
  provingBlocks: bigint
  model: Model
  stop: () => Promise<void>
}

export type StartLanternOptions = {
  verifier: 'mock' | 'real'
  deadlineBlocks?: bigint
  provingBlocks?: bigint
  /** Let the process exit while anvil runs (it is killed on exit): for scripts without teardown. */
  unref?: boolean
}

/** Builds the contracts (skipped when up to date), starts anvil and deploys a fresh stack. */
export async function startLantern(options: StartLanternOptions): Promise<Lantern> {
  const mutantDir = process.env.LANTERN_CONTRACTS_DIR
  if (mutantDir) {
    // Mutation checks (see contracts/README.md): build a modified copy of contracts/src elsewhere,
    // so the shared contracts/out is never touched.
    Object.assign(paths as { src: string; out: string; generated: string }, {
      src: `${mutantDir}/src`,
      out: `${mutantDir}/out`,
      generated: `${mutantDir}/generated`,
    })
  }
  buildContracts()
  await loadCrypto()
  const anvil = await startAnvil([], { unref: options.unref })
  try {
    const transport = http(anvil.rpcUrl)
    const bootstrap = createPublicClient({ transport })
    const chainId = await bootstrap.getChainId()
    const chain = defineChain({
      id: chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
    })
    const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 })
    const testClient = createTestClient({ chain, transport, mode: 'anvil' })
    const wallets = new Map<Address, Wallet>()
    for (let i = 0; i < 10; i++) {
      const account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: i })
      wallets.set(account.address, createWalletClient({ chain, transport, account }))
    }
    const accounts = [...wallets.keys()]
    const wallet = (address: Address): Wallet => {
      const w = wallets.get(address)
      if (!w) throw new Error(`${address} is not one of anvil's default accounts`)
      return w
    }
    const [sequencer, alice, bob, carol, stranger] = accounts as [Address, Address, Address, Address, Address]
    const deadlineBlocks = options.deadlineBlocks ?? DEFAULT_DEADLINE_BLOCKS
    const provingBlocks = options.provingBlocks ?? DEFAULT_PROVING_BLOCKS

    const deployer = createDeployer({ wallet: wallet(sequencer), public: publicClient as PublicClient })
    // The verifier is bound to the Rollup's address, so the Rollup's libraries go first and its
    // address is the one the deployer's next-but-one transaction creates.
    await deployer.prepare('Rollup')
    const nonce = await publicClient.getTransactionCount({ address: sequencer, blockTag: 'pending' })
    const predicted = getContractAddress({ from: sequencer, nonce: BigInt(nonce + 1) })
    let verifier: Address
    if (options.verifier === 'mock') {
      const mock = fixture('MockVerifier')
      const hash = await wallet(sequencer).deployContract({ abi: mock.abi, bytecode: mock.bytecode, args: [BigInt(chainId), predicted] })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      verifier = getAddress(receipt.contractAddress!)
    } else {
      verifier = getAddress(await deployer.deploy('BatchVerifier', [BigInt(chainId), predicted]))
    }
    const rollup = getAddress(await deployer.deploy('Rollup', [verifier, sequencer, deadlineBlocks, provingBlocks]))
    assert.equal(rollup, predicted, 'the Rollup landed where its verifier expects it')
    const bridge = await publicClient.readContract({ address: rollup, abi: rollupAbi, functionName: 'bridge' })

    const lantern: Lantern = {
      anvil,
      chain,
      publicClient,
      testClient,
      accounts,
      wallet,
      sequencer,
      alice,
      bob,
      carol,
      stranger,
      rollup,
      bridge,
      verifier,
      verifierKind: options.verifier,
      libraries: { ...deployer.libraries },
      deadlineBlocks,
      provingBlocks,
      model: undefined as unknown as Model,
      stop: () => anvil.stop(),
    }
    lantern.model = new Model(lantern, BigInt(chainId))
    return lantern
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

/**
 * Waits until a transaction is in the canonical chain and fails unless it succeeded.
 *
 * Not viem's waitForTransactionReceipt: after an evm_revert the chain's block numbers go back and
 * its block-number watcher (with a cached number from before the revert) can miss the new block,
 * and anvil mines asynchronously after returning the hash. So poll the receipt directly and check
 * its block is the one now at that height, so the state the caller reads next includes the tx.
 */
export async function mined(L: Lantern, hash: Promise<Hex> | Hex): Promise<TransactionReceipt> {
  const txHash = await hash
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const receipt = await L.publicClient.getTransactionReceipt({ hash: txHash }).catch(() => undefined)
    if (receipt) {
      const block = await L.publicClient.getBlock({ blockNumber: receipt.blockNumber }).catch(() => undefined)
      if (block?.hash === receipt.blockHash) {
        assert.equal(receipt.status, 'success', `transaction ${txHash} reverted`)
        return receipt
      }
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`transaction ${txHash} was not mined within 30 s`)
}

/**
 * Asserts that `action` reverts with the custom error `errorName` (decoded by viem from the revert
 * data, not matched in a message), and with `args` when given.
 */
export async function expectRevert(action: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<void> {
  const error: unknown = await action.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (error === undefined) throw new Error(`expected a revert with ${errorName}, but the call succeeded`)
  if (!(error instanceof BaseError)) throw error
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
  if (!(reverted instanceof ContractFunctionRevertedError)) {
    throw new Error(`expected ${errorName}, got a failure that is not a contract revert: ${error.shortMessage}`, { cause: error })
  }
  assert.equal(reverted.data?.errorName ?? reverted.reason ?? reverted.raw ?? '(no revert data)', errorName)
  if (args) assert.deepEqual(reverted.data?.args, args)
}

/** Mines `blocks` empty blocks. */
export async function mineBlocks(L: Lantern, blocks: bigint): Promise<void> {
  await L.testClient.mine({ blocks: Number(blocks) })
}

// -------------------------------------------------------------------------------------------------
// Snapshots and the liability invariant
// -------------------------------------------------------------------------------------------------

/**
 * Takes an EVM snapshot and a copy of the model; `restore` reverts both (anvil consumes a
 * snapshot when reverting, so take a new one to restore again).
 */
export async function snapshot(L: Lantern): Promise<() => Promise<void>> {
  const id = await L.testClient.snapshot()
  const saved = L.model.save()
  return async () => {
    const reverted: unknown = await L.testClient.request({ method: 'evm_revert', params: [id] })
    assert.equal(reverted, true, `evm_revert(${id}) failed: the next test would start from a dirty state`)
    L.model.load(saved)
  }
}

/** What the Bridge owes, in gwei, split by kind (see `bridgeLiabilities`). */
export type Liabilities = { balances: bigint; exits: bigint; deposits: bigint; total: bigint }

/**
 * What the Bridge owes, computed from the real L2 state rather than from anything the contracts
 * claim: every verified batch's record (read back from the Rollup's state and the model) is
 * re-executed with src/protocol's executor from genesis, and the Bridge owes the balances of that
 * state (minus accounts that escaped), the exits of verified batches not yet claimed, and the
 * deposits no verified batch consumed and nobody refunded. A verified batch that does not execute
 * (only a forged proof can verify one) makes this throw.
 */
export async function bridgeLiabilities(L: Lantern): Promise<Liabilities> {
  const read = <T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) =>
    L.publicClient.readContract({ address, abi, functionName, args }) as Promise<T>
  const lastVerified = Number(await read<bigint>(L.rollup, rollupAbi, 'lastVerifiedBatch'))
  const { store, exits } = await L.model.executeVerified(lastVerified)
  const tree = new AccountTree(store)
  const frozen = await read<boolean>(L.rollup, rollupAbi, 'frozen')
  const accountCount = await read<number>(L.rollup, rollupAbi, 'accountCount')
  let balances = 0n
  for (let index = 1; index <= accountCount; index++) {
    const { balance } = await tree.getAccount(index)
    if (balance === 0n) continue
    if (frozen && (await read<boolean>(L.bridge, bridgeAbi, 'hasEscaped', [index]))) continue
    balances += balance
  }
  let exitSum = 0n
  for (const [n, leaves] of exits.entries()) {
    for (const [slot, exit] of leaves.entries()) {
      if (exit && !(await read<boolean>(L.bridge, bridgeAbi, 'isClaimed', [BigInt(n + 1), BigInt(slot)]))) exitSum += exit.amount
    }
  }
  const verifiedEnd = Number(await read<bigint>(L.rollup, rollupAbi, 'verifiedPriorityOpsEnd'))
  await L.model.syncOps()
  let deposits = 0n
  for (const op of L.model.ops.slice(verifiedEnd)) {
    if (op.opType === TxType.DEPOSIT && !(await read<boolean>(L.bridge, bridgeAbi, 'isRefunded', [BigInt(op.opIndex)]))) deposits += op.amount
  }
  return { balances, exits: exitSum, deposits, total: balances + exitSum + deposits }
}

/**
 * The Bridge holds at least what it owes (`bridgeLiabilities`): the balances of the last verified
 * state, the unclaimed exits of verified batches and the unconsumed, unrefunded deposits. Call
 * after every test.
 */
export async function expectBridgeSolvent(L: Lantern): Promise<void> {
  const owed = await bridgeLiabilities(L)
  const balance = await L.publicClient.getBalance({ address: L.bridge })
  assert.ok(
    balance >= owed.total * GWEI,
    `the Bridge holds ${balance} wei but owes ${owed.total * GWEI} (balances ${owed.balances}, exits ${owed.exits}, deposits ${owed.deposits} gwei)`,
  )
}

/**
 * The check before v2, kept to show what it misses: the Bridge's balance equals deposits − claims
 * − escape withdrawals − refunds, all read from its own events. A forged proof that lets someone
 * claim an exit nobody made passes it, since the claim's event balances the books.
 */
export async function expectBridgeMatchesEvents(L: Lantern): Promise<void> {
  const events = await L.publicClient.getContractEvents({ address: L.bridge, abi: bridgeAbi, fromBlock: 0n })
  let expected = 0n
  for (const event of events) {
    if (event.eventName === 'Deposited') expected += event.args.amount!
    else expected -= event.args.amount!
  }
  const balance = await L.publicClient.getBalance({ address: L.bridge })
  assert.equal(balance, expected * GWEI, 'bridge balance = deposits − claims − escapes − refunds')
}

// -------------------------------------------------------------------------------------------------
// Contract calls used by many tests
// -------------------------------------------------------------------------------------------------

export function deposit(L: Lantern, from: Address, recipient: Address, wei: bigint, key: readonly [bigint, bigint] = [0n, 0n]) {
  return L.wallet(from).writeContract({
    address: L.bridge,
    abi: bridgeTestAbi,
    functionName: 'deposit',
    args: [recipient, key[0], key[1]],
    value: wei,
  })
}

export function registerKey(L: Lantern, from: Address, key: readonly [bigint, bigint]) {
  return L.wallet(from).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'registerKey', args: [key[0], key[1]] })
}

export function forcedExit(L: Lantern, from: Address) {
  return L.wallet(from).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'forcedExit', args: [] })
}

export function activateEscapeHatch(L: Lantern, from: Address = L.stranger) {
  return L.wallet(from).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'activateEscapeHatch', args: [] })
}

/** 17-byte big-endian calldata for raw slot values (no canonical checks: tests send bad ones too). */
export function encodeSlots(slots: readonly bigint[]): Hex {
  return slots.length === 0 ? '0x' : (`0x${slots.map((s) => toHex(s, { size: PACKED_TX_BYTES }).slice(2)).join('')}` as Hex)
}

/**
 * A raw record (§6.1) with no checks, so tests can send malformed ones: header, the slots as given,
 * then the op data entries as given.
 */
export function rawRecord(slots: readonly bigint[], opData: readonly OpData[] = [], feeAccountIndex = 0, slotCount = slots.length): Hex {
  const data = opData.map((d) => `${toHex(d.l1Address, { size: 20 }).slice(2)}${toHex(d.pubAx, { size: 32 }).slice(2)}${toHex(d.pubAy, { size: 32 }).slice(2)}`).join('')
  return `0x${toHex(feeAccountIndex, { size: 2 }).slice(2)}${toHex(slotCount, { size: 1 }).slice(2)}${encodeSlots(slots).slice(2)}${data}` as Hex
}

/** A batch as tests write it: slots (priority slots must be queued ops) and a fee account. */
export type BatchInput = { slots: readonly bigint[]; feeAccountIndex?: number }

export function sequenceRecords(L: Lantern, records: readonly Hex[] | Hex, from: Address = L.sequencer) {
  const bytes = typeof records === 'string' ? records : concatHex(records)
  return L.wallet(from).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'sequenceBatches', args: [bytes] })
}

export function concatHex(parts: readonly Hex[]): Hex {
  return `0x${parts.map((p) => p.slice(2)).join('')}` as Hex
}

export type BatchProofArg = { newStateRoot: bigint; exitRoot: bigint; proof: readonly bigint[] }

export function verifyBatches(L: Lantern, lastBatch: bigint, records: Hex, proofs: readonly BatchProofArg[], from: Address = L.stranger) {
  return L.wallet(from).writeContract({
    address: L.rollup,
    abi: rollupTestAbi,
    functionName: 'verifyBatches',
    args: [lastBatch, records, proofs.map((p) => ({ ...p, proof: p.proof as unknown as readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint] }))],
  })
}

/** Primes the MockVerifier to accept exactly these (unfolded) inputs. */
export async function expectInputs(L: Lantern, inputs: readonly bigint[]): Promise<void> {
  if (L.verifierKind !== 'mock') throw new Error('expectInputs needs the MockVerifier')
  const mock = fixture('MockVerifier')
  const hash = inputs.length === 0 ? keccak256('0x') : keccak256(encodePacked(inputs.map(() => 'uint256'), [...inputs]))
  await mined(L, L.wallet(L.sequencer).writeContract({ address: L.verifier, abi: mock.abi, functionName: 'expectInputs', args: [hash] }))
}

/** MockVerifier: accept every proof (a forged-proof attacker), or only the primed inputs again. */
export async function mockAcceptsAll(L: Lantern, value: boolean): Promise<void> {
  const mock = fixture('MockVerifier')
  await mined(L, L.wallet(L.sequencer).writeContract({ address: L.verifier, abi: mock.abi, functionName: 'setAcceptAll', args: [value] }))
}

// -------------------------------------------------------------------------------------------------
// The model: what the contracts should hold, computed with src/protocol
// -------------------------------------------------------------------------------------------------

export type QueuedOp = PriorityOp & { opIndex: number; packed: bigint; opHash: Hex; deadline: bigint; queuedAt: bigint }
export type ModelBatch = {
  record: Hex
  /** Ops [0, priorityOpsEnd) are consumed once this batch is. */
  priorityOpsEnd: number
  accInputHash: Hex
  /** True when this batch ended its sequenceBatches call. */
  checkpoint: boolean
}
type ModelState = { ops: QueuedOp[]; batches: ModelBatch[] }

/**
 * Mirrors the Rollup: priority ops (read from PriorityOpQueued, op hashes recomputed in TS) and
 * batches (records and the accumulated input hash recomputed in TS), and re-executes verified
 * batches with src/protocol to know the real L2 state. Reset on snapshot revert.
 */
export class Model {
  ops: QueuedOp[] = []
  batches: ModelBatch[] = []
  private executed: { upTo: number; store: MemoryStore; roots: bigint[]; exits: (Exit | null)[][] } | undefined

  constructor(
    private readonly L: Lantern,
    readonly chainId: bigint,
  ) {
    this.reset()
  }

  reset(): void {
    this.ops = []
    this.batches = [{ record: '0x', priorityOpsEnd: 0, accInputHash: GENESIS_ACC_INPUT_HASH, checkpoint: true }]
    this.executed = undefined
  }

  /** Reads newly queued ops from the Rollup's events and computes their op hashes with src/protocol. */
  async syncOps(): Promise<QueuedOp[]> {
    const events = await this.L.publicClient.getContractEvents({
      address: this.L.rollup,
      abi: rollupAbi,
      eventName: 'PriorityOpQueued',
      fromBlock: 0n,
    })
    for (const { args, blockNumber } of events.slice(this.ops.length)) {
      const opType = args.opType!
      if (!isPriorityOpType(opType)) throw new Error(`event with non-priority op type ${opType}`)
      const op: PriorityOp = {
        opType: opType as PriorityOpType,
        accountIndex: args.accountIndex!,
        l1Address: BigInt(args.l1Address!),
        amount: args.amount!,
        pubAx: args.pubAx!,
        pubAy: args.pubAy!,
      }
      this.ops.push({ ...op, opIndex: Number(args.opIndex!), packed: packedOp(op), opHash: opHash(op), deadline: args.deadline!, queuedAt: blockNumber })
    }
    return this.ops
  }

  save(): ModelState {
    return structuredClone({ ops: this.ops, batches: this.batches })
  }

  load(state: ModelState): void {
    const copy = structuredClone(state)
    this.ops = copy.ops
    this.batches = copy.batches
    this.executed = undefined
  }

  get lastBatch(): ModelBatch {
    return this.batches[this.batches.length - 1]!
  }

  /** The record (§6.1) of a batch given as slots: op data from the queued ops its priority slots consume, in order. */
  record(input: BatchInput, firstOp = this.lastBatch.priorityOpsEnd): { record: Hex; end: number } {
    let next = firstOp
    const opData: OpData[] = []
    for (const slot of input.slots) {
      if (!isPriorityOpType(Number(slot & 7n))) continue
      const op = this.ops[next++]
      if (!op) throw new Error(`model: no queued op ${next - 1} for a priority slot`)
      opData.push({ l1Address: op.l1Address, pubAx: op.pubAx, pubAy: op.pubAy })
    }
    const record: BatchRecord = { feeAccountIndex: input.feeAccountIndex ?? 0, slots: [...input.slots], opData }
    return { record: toHex(encodeBatchRecord(record)), end: next }
  }

  /** The records of `inputs`, consuming ops in order from the last sequenced batch's end. */
  records(inputs: readonly BatchInput[]): Hex[] {
    let next = this.lastBatch.priorityOpsEnd
    return inputs.map((input) => {
      const { record, end } = this.record(input, next)
      next = end
      return record
    })
  }

  /** The model of the batches `sequenceBatches(records)` creates (call after it succeeded). */
  recordSequenced(records: readonly Hex[]): void {
    records.forEach((record, i) => {
      const previous = this.lastBatch
      const decoded = decodeBatchRecord(hexToBytes(record))
      this.batches.push({
        record,
        priorityOpsEnd: previous.priorityOpsEnd + decoded.opData.length,
        accInputHash: accInputHash(previous.accInputHash, hexToBytes(record)),
        checkpoint: i === records.length - 1,
      })
    })
  }

  /** Sequences the batches (in one call) and records them; returns the receipt. */
  async sequence(inputs: readonly BatchInput[]): Promise<TransactionReceipt> {
    const records = this.records(inputs)
    const receipt = await mined(this.L, sequenceRecords(this.L, records))
    this.recordSequenced(records)
    return receipt
  }

  /** Sequences raw records (already encoded) in one call. */
  async sequenceRaw(records: readonly Hex[]): Promise<TransactionReceipt> {
    const receipt = await mined(this.L, sequenceRecords(this.L, records))
    this.recordSequenced(records)
    return receipt
  }

  /**
   * Re-executes batches 1..upTo from their records with src/protocol (from genesis, without
   * signatures: the proof covers those), caching the result; returns the state, the state root
   * after each batch (roots[0] is genesis) and each batch's exits.
   */
  async executeVerified(upTo: number): Promise<{ store: MemoryStore; roots: bigint[]; exits: (Exit | null)[][] }> {
    if (this.executed && this.executed.upTo === upTo) return this.executed
    if (!this.executed || this.executed.upTo > upTo) this.executed = { upTo: 0, store: new MemoryStore(), roots: [emptyStateRoot()], exits: [] }
    const state = this.executed
    for (let n = state.upTo + 1; n <= upTo; n++) {
      const batch = this.batches[n]
      if (!batch) throw new Error(`model: batch ${n} was verified on L1 but the model never sequenced it`)
      const result = await executeBatchFromCalldata(
        state.store,
        { chainId: this.chainId, rollupAddress: BigInt(this.L.rollup), batchNumber: BigInt(n) },
        hexToBytes(batch.record),
      )
      state.roots.push(result.newStateRoot)
      state.exits.push(result.exitLeaves)
      state.upTo = n
    }
    return state
  }

  /** §7.1 inputs of batch n without the folded chainId and rollupAddress. */
  inputs(batchNumber: number, oldStateRoot: bigint, newStateRoot: bigint, exitRoot: bigint): bigint[] {
    const record = decodeBatchRecord(hexToBytes(this.batches[batchNumber]!.record))
    return batchPublicInputs({
      chainId: this.chainId,
      rollupAddress: BigInt(this.L.rollup),
      batchNumber: BigInt(batchNumber),
      oldStateRoot,
      newStateRoot,
      exitRoot,
      record,
    }).slice(FOLDED_INPUTS)
  }

  /** The records of batches first..last, concatenated as verifyBatches takes them. */
  recordsOf(first: number, last: number): Hex {
    return concatHex(this.batches.slice(first, last + 1).map((b) => b.record))
  }

  /**
   * Verifies batches first..last (last a checkpoint) through the MockVerifier primed with the
   * inputs src/protocol computes for the roots the executor computes: a valid verification.
   */
  async verifyWithMock(first: number, last: number, from: Address = this.L.stranger): Promise<TransactionReceipt> {
    const { roots, exits } = await this.executeVerified(last)
    const proofs: BatchProofArg[] = []
    const inputs: bigint[] = []
    for (let n = first; n <= last; n++) {
      const exitRoot = exitRootOfLeaves(exits[n - 1]!)
      inputs.push(...this.inputs(n, roots[n - 1]!, roots[n]!, exitRoot))
      proofs.push({ newStateRoot: roots[n]!, exitRoot, proof: DUMMY_PROOF })
    }
    await expectInputs(this.L, inputs)
    return mined(this.L, verifyBatches(this.L, BigInt(last), this.recordsOf(first, last), proofs, from))
  }

  /** The real roots the executor computes for batch n (its new state root and exit root). */
  async rootsOf(n: number): Promise<{ oldStateRoot: bigint; newStateRoot: bigint; exitRoot: bigint; exits: (Exit | null)[] }> {
    const { roots, exits } = await this.executeVerified(n)
    return { oldStateRoot: roots[n - 1]!, newStateRoot: roots[n]!, exitRoot: exitRootOfLeaves(exits[n - 1]!), exits: exits[n - 1]! }
  }

  /** The packed slots consuming the next `count` queued ops not yet in a sequenced batch. */
  nextOpSlots(count: number): bigint[] {
    const start = this.lastBatch.priorityOpsEnd
    if (start + count > this.ops.length) throw new Error(`model: only ${this.ops.length - start} ops pending`)
    return this.ops.slice(start, start + count).map((op) => op.packed)
  }
}

export function hexToBytes(hex: Hex): Uint8Array {
  const clean = hex.slice(2)
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** A canonical TRANSFER slot (§4.2). */
export function transferSlot(fromIndex: number, toIndex: number, amount: bigint, fee = 0n): bigint {
  return BigInt(TxType.TRANSFER) + (BigInt(fromIndex) << 3n) + (BigInt(toIndex) << 19n) + (amount << 35n) + (fee << 99n)
}

export function withdrawSlot(fromIndex: number, amount: bigint, fee = 0n): bigint {
  return BigInt(TxType.WITHDRAW) + (BigInt(fromIndex) << 3n) + (amount << 35n) + (fee << 99n)
}

export { BATCH_SLOTS }

/** contracts/out/<name>.json creation code with this stack's libraries spliced in. */
export function linkedBytecode(L: Lantern, name: string): Hex {
  const artifact = readArtifact(name)
  if (!artifact) throw new Error(`contracts/out/${name}.json missing`)
  let code = artifact.bytecode.slice(2)
  for (const libs of Object.values(artifact.linkReferences)) {
    for (const [lib, positions] of Object.entries(libs)) {
      const address = L.libraries[lib]
      if (!address) throw new Error(`library ${lib} was not deployed`)
      for (const { start, length } of positions) code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2)
    }
  }
  return `0x${code}`
}

/**
 * The custom error a contract creation reverts with: eth_call of the creation code, revert data
 * decoded with the Lantern ABIs. (viem does not decode reverts of deployments.)
 */
export async function constructorRevert(L: Lantern, name: string, args: readonly unknown[]): Promise<string> {
  const artifact = readArtifact(name)!
  const ctor = (artifact.abi as Abi).find((item) => item.type === 'constructor')
  const inputs = (ctor && 'inputs' in ctor ? ctor.inputs : []) as readonly AbiParameter[]
  const data = `${linkedBytecode(L, name)}${encodeAbiParameters(inputs, args).slice(2)}` as Hex
  const res = await fetch(L.anvil.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_call', params: [{ from: L.sequencer, data }, 'latest'] }),
  })
  const json = (await res.json()) as { result?: Hex; error?: { data?: Hex } }
  if (!json.error) throw new Error(`deploying ${name} did not revert`)
  if (!json.error.data || json.error.data === '0x') return '(no revert data)'
  return decodeErrorResult({ abi: [...rollupErrors, ...bridgeErrors], data: json.error.data }).errorName
}
