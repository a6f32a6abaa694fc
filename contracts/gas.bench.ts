// L1 gas of every Lantern contract entry point, measured on anvil with the real BatchVerifier and a
// real proof, and the cost of one L2 transfer amortised over a full batch next to the 21,000 gas of
// a plain L1 transfer.
//
//   npx tsx contracts/gas.bench.ts     the gas table (markdown)
//   npm run bench contracts            the same operations in scripts/bench.ts's table: a `gas` column
//                                      (and the per-transfer amortisation), next to the timing of an
//                                      anvil round trip (snapshot, send, mine, revert).
//
// The scenario advances in stages (deploy → deposits → batch 1 sequenced → proved and verified →
// a full batch of transfers sequenced → frozen); each benchmark's setup brings the chain to its
// stage, and each iteration runs its transaction inside an EVM snapshot that is then reverted, so
// every iteration pays exactly the same gas.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEther, type Address, type Hex, type TransactionReceipt } from 'viem'
import type { Benchmark } from '../scripts/bench/types'
import { executeBatch } from '../src/protocol/executor/executeBatch'
import type { BatchResult, SlotItem } from '../src/protocol/executor/types'
import {
  AccountTree,
  MemoryStore,
  TxType,
  deriveL2PrivateKey,
  exitProof,
  l2KeyMessage,
  l2PublicKey,
  signTx,
  type L2PrivateKey,
} from '../src/protocol/index'
import { proveBatch } from '../src/prover/proveBatch'
import { proofToSolidityCalldata } from '../src/prover/proofToSolidityCalldata'
import { releaseCurve } from '../src/prover/releaseCurve'
import type { SolidityProof } from '../src/prover/types'
import {
  bridgeTestAbi,
  deposit,
  encodeSlots,
  forcedExit,
  mineBlocks,
  mined,
  registerKey,
  rollupTestAbi,
  startLantern,
  verifyBatch,
  type Lantern,
} from './test/helpers/lantern'

const rootDir = resolve(fileURLToPath(import.meta.url), '..', '..')
const artifacts = { wasm: resolve(rootDir, 'circuits/artifacts/batch.wasm'), zkey: resolve(rootDir, 'circuits/artifacts/batch.zkey') }

/** Gas of a plain ETH transfer between two EOAs. */
export const L1_TRANSFER_GAS = 21_000n
const BATCH_SLOTS = 4n

type Stage = 'deployed' | 'funded' | 'sequenced' | 'verified' | 'transfersBuilt' | 'frozen'
const STAGES: Stage[] = ['deployed', 'funded', 'sequenced', 'verified', 'transfersBuilt', 'frozen']

type World = {
  L: Lantern
  stage: Stage
  keys: Record<Address, L2PrivateKey>
  store: MemoryStore
  batch1?: { result: BatchResult; proof: SolidityProof }
  transfers?: BatchResult
}

let world: Promise<World> | undefined
const measured = new Map<string, bigint>()

async function deriveKey(L: Lantern, address: Address): Promise<L2PrivateKey> {
  const message = l2KeyMessage({ chainId: BigInt(L.chain.id), rollupAddress: L.rollup.toLowerCase() })
  return deriveL2PrivateKey(await L.wallet(address).signMessage({ message }))
}

const keyOf = (w: World, who: Address) => {
  const { pubAx, pubAy } = l2PublicKey(w.keys[who]!)
  return [pubAx, pubAy] as const
}

function context(w: World, feeAccountIndex: number) {
  const { L } = w
  return {
    chainId: BigInt(L.chain.id),
    rollupAddress: BigInt(L.rollup),
    batchNumber: BigInt(L.model.batches.length),
    feeAccountIndex,
    oldPriorityHash: L.model.chain[L.model.lastBatch.priorityOpsEnd]!,
  }
}

const trimmed = (packed: readonly bigint[]) => {
  const slots = [...packed]
  while (slots.length > 0 && slots[slots.length - 1] === 0n) slots.pop()
  return slots
}

/** Brings the chain to `target`, running every stage before it once. */
async function advance(w: World, target: Stage): Promise<World> {
  const { L } = w
  while (STAGES.indexOf(w.stage) < STAGES.indexOf(target)) {
    const next = STAGES[STAGES.indexOf(w.stage) + 1]!
    if (next === 'funded') {
      // op0 alice (key), op1 bob (key), op2 carol, op3 carol's forced exit → indices 1, 2, 3.
      await mined(L, deposit(L, L.alice, L.alice, parseEther('2'), keyOf(w, L.alice)))
      await mined(L, deposit(L, L.bob, L.bob, parseEther('2'), keyOf(w, L.bob)))
      await mined(L, deposit(L, L.carol, L.carol, parseEther('1')))
      await mined(L, forcedExit(L, L.carol))
      await L.model.syncOps()
    } else if (next === 'sequenced') {
      const items: SlotItem[] = L.model.ops.map((op) => ({ kind: 'priority', op }))
      const result = await executeBatch(w.store, context(w, 2), items)
      await L.model.sequence([{ slots: trimmed(result.packedTxs), feeAccountIndex: 2 }])
      const { proof } = await proveBatch(result.circuitInput, artifacts)
      await releaseCurve() // snarkjs's worker threads would keep the process alive
      w.batch1 = { result, proof: proofToSolidityCalldata(proof) }
    } else if (next === 'verified') {
      const { result, proof } = w.batch1!
      await mined(L, verifyBatch(L, 1n, result.newStateRoot, result.exitRoot, proof))
      L.model.recordVerified(1, result.newStateRoot, result.exitRoot)
    } else if (next === 'transfersBuilt') {
      // A full batch of signed transfers, executed (not committed) on top of verified batch 1.
      const domain = { chainId: BigInt(L.chain.id), rollupAddress: BigInt(L.rollup) }
      const tx = (from: number, to: number, nonce: bigint, key: L2PrivateKey): SlotItem => ({
        kind: 'l2',
        tx: signTx({ type: TxType.TRANSFER, from, to, amount: 123_456_789n, fee: 1_000n, nonce }, domain, key),
      })
      const a = w.keys[L.alice]!
      const b = w.keys[L.bob]!
      w.transfers = await executeBatch(w.store, context(w, 2), [tx(1, 2, 0n, a), tx(2, 1, 0n, b), tx(1, 2, 1n, a), tx(2, 1, 1n, b)], { commit: false })
    } else if (next === 'frozen') {
      await mined(L, deposit(L, L.alice, L.alice, parseEther('0.5'))) // op4: never processed
      await L.model.syncOps()
      await mineBlocks(L, L.deadlineBlocks + 1n)
      await measure('activateEscapeHatch', () =>
        L.wallet(L.stranger).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'activateEscapeHatch', args: [] }),
      )
      await mined(L, L.wallet(L.stranger).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'activateEscapeHatch', args: [] }))
    }
    w.stage = next
  }
  return w
}

async function getWorld(stage: Stage): Promise<World> {
  world ??= (async () => {
    const L = await startLantern({ verifier: 'real', unref: true })
    const keys: Record<Address, L2PrivateKey> = {}
    for (const who of [L.alice, L.bob]) keys[who] = await deriveKey(L, who)
    return { L, stage: 'deployed' as Stage, keys, store: new MemoryStore() }
  })()
  return advance(await world, stage)
}

/** Runs `send` inside a snapshot that is reverted afterwards; records and returns its gas. */
async function measure(label: string, send: () => Promise<Hex>): Promise<TransactionReceipt> {
  const { L } = await world!
  const id = await L.testClient.snapshot()
  try {
    const receipt = await mined(L, send())
    measured.set(label, receipt.gasUsed)
    return receipt
  } finally {
    const reverted: unknown = await L.testClient.request({ method: 'evm_revert', params: [id] })
    if (reverted !== true) throw new Error(`evm_revert(${id}) failed: the next measurement would start from a dirty state`)
  }
}

type GasOp = { label: string; stage: Stage; send: (w: World) => Promise<Hex> }

const sequenceTransfers = (w: World, copies: number) =>
  w.L.wallet(w.L.sequencer).writeContract({
    address: w.L.rollup,
    abi: rollupTestAbi,
    functionName: 'sequenceBatches',
    // The contract checks calldata and priority slots, not L2 validity (the proof does): ten copies of
    // one batch cost what ten distinct full batches of transfers cost.
    args: [Array.from({ length: copies }, () => ({ txs: encodeSlots(trimmed(w.transfers!.packedTxs)), feeAccountIndex: 2 }))],
  })

async function escapeAlice(w: World): Promise<Hex> {
  const { L } = w
  const { account, siblings } = await new AccountTree(w.store).getAccountWithProof(1)
  return L.wallet(L.stranger).writeContract({
    address: L.bridge,
    abi: bridgeTestAbi,
    functionName: 'escapeWithdraw',
    args: [1, L.alice, account.balance, Number(account.nonce), account.pubAx, account.pubAy, siblings as never],
  })
}

const OPS: GasOp[] = [
  { label: 'deposit (new account, with L2 key)', stage: 'deployed', send: (w) => deposit(w.L, w.L.alice, w.L.alice, parseEther('1'), keyOf(w, w.L.alice)) },
  { label: 'deposit (existing account)', stage: 'funded', send: (w) => deposit(w.L, w.L.bob, w.L.alice, parseEther('1')) },
  { label: 'registerKey (existing account)', stage: 'funded', send: (w) => registerKey(w.L, w.L.bob, keyOf(w, w.L.alice)) },
  { label: 'forcedExit', stage: 'funded', send: (w) => forcedExit(w.L, w.L.bob) },
  {
    label: 'sequenceBatches: 1 batch of 4 priority ops',
    stage: 'funded',
    send: (w) =>
      w.L.wallet(w.L.sequencer).writeContract({
        address: w.L.rollup,
        abi: rollupTestAbi,
        functionName: 'sequenceBatches',
        args: [[{ txs: encodeSlots(w.L.model.ops.map((o) => o.packed)), feeAccountIndex: 2 }]],
      }),
  },
  {
    label: 'verifyBatch (Groth16, real verifier)',
    stage: 'sequenced',
    send: (w) => verifyBatch(w.L, 1n, w.batch1!.result.newStateRoot, w.batch1!.result.exitRoot, w.batch1!.proof),
  },
  {
    label: 'claim (exit of a forced exit)',
    stage: 'verified',
    send: (w) => {
      const exits = w.batch1!.result.exitLeaves
      const slot = exits.findIndex((e) => e !== null)
      return w.L.wallet(w.L.stranger).writeContract({
        address: w.L.bridge,
        abi: bridgeTestAbi,
        functionName: 'claim',
        args: [1n, BigInt(slot), w.L.carol, exits[slot]!.amount, exitProof(exits, slot) as [bigint, bigint]],
      })
    },
  },
  { label: 'sequenceBatches: 1 batch of 4 L2 transfers', stage: 'transfersBuilt', send: (w) => sequenceTransfers(w, 1) },
  { label: 'sequenceBatches: 10 batches of 4 L2 transfers', stage: 'transfersBuilt', send: (w) => sequenceTransfers(w, 10) },
  { label: 'escapeWithdraw', stage: 'frozen', send: escapeAlice },
  { label: 'refundDeposit', stage: 'frozen', send: (w) => w.L.wallet(w.L.stranger).writeContract({ address: w.L.bridge, abi: bridgeTestAbi, functionName: 'refundDeposit', args: [4n] }) },
]

const fmt = (gas: bigint) => gas.toLocaleString('en-US')

const SEQ_1 = 'sequenceBatches: 1 batch of 4 L2 transfers'
const SEQ_10 = 'sequenceBatches: 10 batches of 4 L2 transfers'
const VERIFY = 'verifyBatch (Groth16, real verifier)'

type AmortisedRow = { label: string; gas: bigint; ratio: number }

/** The derived rows (those whose inputs were measured): per-transfer cost and its ratio to 21,000. */
function amortised(): AmortisedRow[] {
  const seq1 = measured.get(SEQ_1)
  const seq10 = measured.get(SEQ_10)
  const verify = measured.get(VERIFY)
  const rows: { label: string; gas: bigint }[] = []
  if (seq1 !== undefined && verify !== undefined) rows.push({ label: 'per L2 transfer: (sequence 1 batch + verify) / 4', gas: (seq1 + verify) / BATCH_SLOTS })
  if (seq10 !== undefined && verify !== undefined) rows.push({ label: 'per L2 transfer: (sequence 10 batches / 10 + verify) / 4', gas: (seq10 / 10n + verify) / BATCH_SLOTS })
  if (seq10 !== undefined) rows.push({ label: 'per L2 transfer: data only (sequence 10 batches / 40)', gas: seq10 / (10n * BATCH_SLOTS) })
  return rows.map((r) => ({ ...r, ratio: Number(r.gas) / Number(L1_TRANSFER_GAS) }))
}

/** Runs the whole scenario once and returns the gas of every operation and the amortised rows. */
export async function measureGas(): Promise<{ operations: { label: string; gas: bigint }[]; amortised: ReturnType<typeof amortised> }> {
  for (const op of OPS) {
    const w = await getWorld(op.stage)
    await measure(op.label, () => op.send(w))
  }
  const operations = [...OPS.map((o) => o.label), 'activateEscapeHatch'].map((label) => ({ label, gas: measured.get(label)! }))
  return { operations, amortised: amortised() }
}

export const benchmarks: Benchmark[] = OPS.map((op) => ({
  name: `L1 gas: ${op.label}`,
  setup: async () => {
    const w = await getWorld(op.stage)
    await measure(op.label, () => op.send(w))
  },
  fn: async () => {
    const w = await getWorld(op.stage)
    await measure(op.label, () => op.send(w))
  },
  warmup: 1,
  iterations: 5,
  metrics: () => {
    const gas = measured.get(op.label) ?? 0n
    const row = { [SEQ_1]: 'per L2 transfer: (sequence 1 batch + verify) / 4', [SEQ_10]: 'per L2 transfer: (sequence 10 batches / 10 + verify) / 4' }[op.label]
    const perTransfer = amortised().find((r) => r.label === row)
    return {
      gas,
      'gas per L2 transfer incl. verify': perTransfer ? perTransfer.gas : '',
      '× 21,000 L1 transfer': perTransfer ? perTransfer.ratio.toFixed(2) : '',
    }
  },
}))

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const { operations, amortised: rows } = await measureGas()
  const width = Math.max(...operations.map((o) => o.label.length), ...rows.map((r) => r.label.length))
  console.log(`| ${'operation'.padEnd(width)} | ${'gas'.padStart(9)} |`)
  console.log(`|:${'-'.repeat(width + 1)}|${'-'.repeat(10)}:|`)
  for (const o of operations) console.log(`| ${o.label.padEnd(width)} | ${fmt(o.gas).padStart(9)} |`)
  console.log('')
  console.log(`| ${'amortised'.padEnd(width)} | ${'gas'.padStart(9)} | × L1 transfer (21,000) |`)
  console.log(`|:${'-'.repeat(width + 1)}|${'-'.repeat(10)}:|${'-'.repeat(23)}:|`)
  for (const r of rows) console.log(`| ${r.label.padEnd(width)} | ${fmt(r.gas).padStart(9)} | ${r.ratio.toFixed(2).padStart(22)} |`)
  const w = await world
  await w?.L.stop()
}
