// The test rig for the Lantern contracts: a private anvil, the stack deployed from contracts/out
// (built by contracts/build.ts), viem clients per anvil account, revert decoding by exact error
// name, and a TypeScript model of the queue and batches computed with src/protocol — so every value
// the contracts compute (priority chain, data commitment, accInputHash, public input, genesis root)
// is checked against the protocol implementation rather than against itself. No vitest import here
// (node:assert instead), so contracts/gas.bench.ts can reuse the rig outside the test runner.
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
import { dataCommitment } from '../../../src/protocol/batch/dataCommitment'
import { publicInputHash } from '../../../src/protocol/batch/publicInputHash'
import { emptyStateRoot } from '../../../src/protocol/tree/zeroHashes'
import { priorityHashStep, type PriorityOp } from '../../../src/protocol/tx/priorityOp'
import { startAnvil, type TestAnvil } from './anvil'
import { fixture } from './fixtures'

/** Errors of the other contract, so a revert bubbling from Bridge into Rollup (or back) still decodes. */
const rollupErrors = rollupAbi.filter((item) => item.type === 'error')
const bridgeErrors = bridgeAbi.filter((item) => item.type === 'error')
export const rollupTestAbi = [...rollupAbi, ...bridgeErrors] as const
export const bridgeTestAbi = [...bridgeAbi, ...rollupErrors] as const

export const GWEI = 10n ** 9n
export const DEFAULT_DEADLINE_BLOCKS = 100n
/** A proof the MockVerifier ignores (it only looks at the public input). */
export const DUMMY_PROOF = { a: [1n, 2n], b: [[3n, 4n], [5n, 6n]], c: [7n, 8n] } as const

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
  model: Model
  stop: () => Promise<void>
}

export type StartLanternOptions = {
  verifier: 'mock' | 'real'
  deadlineBlocks?: bigint
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

    const deployer = createDeployer({ wallet: wallet(sequencer), public: publicClient as PublicClient })
    let verifier: Address
    if (options.verifier === 'mock') {
      const mock = fixture('MockVerifier')
      const hash = await wallet(sequencer).deployContract({ abi: mock.abi, bytecode: mock.bytecode, args: [] })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      verifier = getAddress(receipt.contractAddress!)
    } else {
      verifier = getAddress(await deployer.deploy('BatchVerifier', []))
    }
    const rollup = getAddress(await deployer.deploy('Rollup', [verifier, sequencer, deadlineBlocks]))
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
// Snapshots and the ETH accounting invariant
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

/**
 * The Bridge's balance equals deposits − claims − escape withdrawals − refunds, all read from its
 * events (amounts in gwei) since deployment. Call after every test.
 */
export async function expectBridgeAccounting(L: Lantern): Promise<void> {
  const events = await L.publicClient.getContractEvents({ address: L.bridge, abi: bridgeAbi, fromBlock: 0n })
  let expected = 0n
  for (const event of events) {
    switch (event.eventName) {
      case 'Deposited':
        expected += event.args.amount!
        break
      case 'Claimed':
      case 'EscapeWithdrawn':
        expected -= event.args.amount!
        break
      case 'DepositRefunded':
        expected -= event.args.amount!
        break
    }
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

/** 17-byte big-endian calldata for raw slot values (no canonical checks: tests send bad ones too). */
export function encodeSlots(slots: readonly bigint[]): Hex {
  return slots.length === 0 ? '0x' : (`0x${slots.map((s) => toHex(s, { size: PACKED_TX_BYTES }).slice(2)).join('')}` as Hex)
}

export type BatchInput = { slots: readonly bigint[]; feeAccountIndex?: number }

export function sequenceBatches(L: Lantern, batches: readonly BatchInput[], from: Address = L.sequencer) {
  return L.wallet(from).writeContract({
    address: L.rollup,
    abi: rollupTestAbi,
    functionName: 'sequenceBatches',
    args: [batches.map((b) => ({ txs: encodeSlots(b.slots), feeAccountIndex: b.feeAccountIndex ?? 0 }))],
  })
}

export type ProofArg = {
  a: readonly [bigint, bigint]
  b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]]
  c: readonly [bigint, bigint]
}

export function verifyBatch(
  L: Lantern,
  batchNumber: bigint,
  newStateRoot: bigint,
  exitRoot: bigint,
  proof: ProofArg = DUMMY_PROOF,
  from: Address = L.stranger,
) {
  return L.wallet(from).writeContract({
    address: L.rollup,
    abi: rollupTestAbi,
    functionName: 'verifyBatch',
    args: [batchNumber, newStateRoot, exitRoot, proof],
  })
}

/** Sets the MockVerifier to accept exactly `input`. */
export async function expectPublicInput(L: Lantern, input: bigint): Promise<void> {
  if (L.verifierKind !== 'mock') throw new Error('expectPublicInput needs the MockVerifier')
  const mock = fixture('MockVerifier')
  await mined(L, L.wallet(L.sequencer).writeContract({ address: L.verifier, abi: mock.abi, functionName: 'expectInput', args: [input] }))
}

// -------------------------------------------------------------------------------------------------
// The model: what the contracts should hold, computed with src/protocol
// -------------------------------------------------------------------------------------------------

export type QueuedOp = PriorityOp & { opIndex: number; packed: bigint; chainHash: bigint; deadline: bigint }
export type ModelBatch = {
  slots: bigint[]
  feeAccountIndex: number
  priorityOpsEnd: number
  dataCommitment: bigint
  accInputHash: Hex
  stateRoot?: bigint
  exitRoot?: bigint
}

/**
 * Mirrors the Rollup: priority ops (read from PriorityOpQueued, chain recomputed in TS) and batches
 * (data commitment, accInputHash and public input recomputed in TS). Reset on snapshot revert.
 */
export class Model {
  ops: QueuedOp[] = []
  /** P[0..ops.length], computed here with src/protocol. */
  chain: bigint[] = [0n]
  batches: ModelBatch[] = []

  constructor(
    private readonly L: Lantern,
    readonly chainId: bigint,
  ) {
    this.reset()
  }

  reset(): void {
    this.ops = []
    this.chain = [0n]
    this.batches = [
      {
        slots: [],
        feeAccountIndex: 0,
        priorityOpsEnd: 0,
        dataCommitment: 0n,
        accInputHash: GENESIS_ACC_INPUT_HASH,
        stateRoot: emptyStateRoot(),
        exitRoot: 0n,
      },
    ]
  }

  /** Reads newly queued ops from the Rollup's events and extends the TS priority chain. */
  async syncOps(): Promise<QueuedOp[]> {
    const events = await this.L.publicClient.getContractEvents({
      address: this.L.rollup,
      abi: rollupAbi,
      eventName: 'PriorityOpQueued',
      fromBlock: 0n,
    })
    for (const { args } of events.slice(this.ops.length)) {
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
      const chainHash = priorityHashStep(this.chain[this.chain.length - 1]!, op)
      this.chain.push(chainHash)
      this.ops.push({
        ...op,
        opIndex: Number(args.opIndex!),
        packed: BigInt(op.opType) + (BigInt(op.accountIndex) << 3n) + (op.amount << 35n),
        chainHash,
        deadline: args.deadline!,
      })
    }
    return this.ops
  }

  /** A deep copy of the model's state, for `load`. */
  save(): { ops: QueuedOp[]; chain: bigint[]; batches: ModelBatch[] } {
    return structuredClone({ ops: this.ops, chain: this.chain, batches: this.batches })
  }

  load(state: { ops: QueuedOp[]; chain: bigint[]; batches: ModelBatch[] }): void {
    const copy = structuredClone(state)
    this.ops = copy.ops
    this.chain = copy.chain
    this.batches = copy.batches
  }

  get lastBatch(): ModelBatch {
    return this.batches[this.batches.length - 1]!
  }

  /** The model of the batches `sequenceBatches(batches)` creates (call after it succeeded). */
  recordSequenced(batches: readonly BatchInput[]): void {
    for (const input of batches) {
      const previous = this.lastBatch
      let end = previous.priorityOpsEnd
      for (const slot of input.slots) if (isPriorityOpType(Number(slot & 7n))) end++
      const commitment = dataCommitment([...input.slots])
      const feeAccountIndex = input.feeAccountIndex ?? 0
      this.batches.push({
        slots: [...input.slots],
        feeAccountIndex,
        priorityOpsEnd: end,
        dataCommitment: commitment,
        accInputHash: accInputHash({ previous: previous.accInputHash, dataCommitment: commitment, priorityHash: this.chain[end]!, feeAccountIndex }),
      })
    }
  }

  /** Sequences and records; returns the receipt. */
  async sequence(batches: readonly BatchInput[]): Promise<TransactionReceipt> {
    const receipt = await mined(this.L, sequenceBatches(this.L, batches))
    this.recordSequenced(batches)
    return receipt
  }

  /**
   * §7.1 public input of batch n for these roots, from the model. The old state root is batch
   * n − 1's verified root unless given (to build inputs for batches that cannot be verified yet).
   */
  publicInput(batchNumber: number, newStateRoot: bigint, exitRoot: bigint, oldStateRoot?: bigint): bigint {
    const previous = this.batches[batchNumber - 1]!
    const batch = this.batches[batchNumber]!
    const oldRoot = oldStateRoot ?? previous.stateRoot
    if (oldRoot === undefined) throw new Error(`model: batch ${batchNumber - 1} is not verified`)
    return publicInputHash({
      chainId: this.chainId,
      rollupAddress: BigInt(this.L.rollup),
      batchNumber: BigInt(batchNumber),
      oldStateRoot: oldRoot,
      newStateRoot,
      oldPriorityHash: this.chain[previous.priorityOpsEnd]!,
      newPriorityHash: this.chain[batch.priorityOpsEnd]!,
      dataCommitment: batch.dataCommitment,
      exitRoot,
      feeAccountIndex: batch.feeAccountIndex,
    })
  }

  /** Verifies batch n through the MockVerifier primed with the model's public input. */
  async verifyWithMock(batchNumber: number, newStateRoot: bigint, exitRoot: bigint): Promise<TransactionReceipt> {
    await expectPublicInput(this.L, this.publicInput(batchNumber, newStateRoot, exitRoot))
    const receipt = await mined(this.L, verifyBatch(this.L, BigInt(batchNumber), newStateRoot, exitRoot))
    this.recordVerified(batchNumber, newStateRoot, exitRoot)
    return receipt
  }

  recordVerified(batchNumber: number, newStateRoot: bigint, exitRoot: bigint): void {
    const batch = this.batches[batchNumber]!
    batch.stateRoot = newStateRoot
    batch.exitRoot = exitRoot
  }

  /** The packed slots consuming the next `count` queued ops not yet in a sequenced batch. */
  nextOpSlots(count: number): bigint[] {
    const start = this.lastBatch.priorityOpsEnd
    if (start + count > this.ops.length) throw new Error(`model: only ${this.ops.length - start} ops pending`)
    return this.ops.slice(start, start + count).map((op) => op.packed)
  }
}

/** A canonical TRANSFER slot (§4.2) for tests that need L2 slots with no state behind them. */
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
