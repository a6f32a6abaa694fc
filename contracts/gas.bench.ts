// L1 gas of Lantern's contracts, measured on anvil with the generated BatchVerifier and real proofs
// replayed from the recorded chain (contracts/test/fixtures/chain.json; contracts/recordChain.ts).
//
//   npm run bench contracts                       every row
//   npm run bench l1-gas-per-transfer-k32 --json  one row by its id
//
// l1-gas-per-transfer-k{1,4,16,32}: k full batches of 4 transfers sequenced in one call and verified
// in one call (k proofs, one pairing product), the gas of both transactions (base cost and calldata
// included, as receipts report it) divided by the 4k transfers, and that ÷ 21,000 (a plain L1 ETH
// transfer). The other rows are one transaction each, `gas` from its receipt. Every measurement runs
// inside an EVM snapshot that is reverted afterwards, so every iteration pays exactly the same gas.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEther, type Address, type Hex, type TransactionReceipt } from 'viem'
import type { Benchmark } from '../scripts/bench/types'
import { exitProof } from '../src/protocol/batch/exitTree'
import { AccountTree } from '../src/protocol/tree/accountTree'
import {
  activateEscapeHatch,
  bridgeTestAbi,
  deposit,
  forcedExit,
  mineBlocks,
  mined,
  registerKey,
  sequenceRecords,
  startLantern,
  verifyBatches,
  type Lantern,
} from './test/helpers/lantern'
import { readChainFixture, type ChainFixture } from './test/helpers/proofSet'
import { recordedProofs, replayDeposits, sequenceRecorded, verifyRecorded } from './test/helpers/replayChain'

/** Gas of a plain ETH transfer between two EOAs. */
export const L1_TRANSFER_GAS = 21_000
const SLOTS = 4
const FIRST_TRANSFER = 3

type Stage = 'funded' | 'setupVerified' | 'allVerified' | 'frozen'
const STAGES: Stage[] = ['funded', 'setupVerified', 'allVerified', 'frozen']
type World = { L: Lantern; F: ChainFixture; stage: Stage }

let world: Promise<World> | undefined
const measured = new Map<string, { gas: bigint; transfers?: number }>()

function fixture(): ChainFixture {
  const F = readChainFixture()
  if (!F) throw new Error('contracts/test/fixtures/chain.json is missing: record it with `npx tsx contracts/recordChain.ts`')
  return F
}

/** Brings the replayed chain to `target`: deposits; batches 1–2 verified; all verified; frozen. */
async function getWorld(target: Stage): Promise<World> {
  world ??= (async () => {
    const F = fixture()
    const L = await startLantern({ verifier: 'real', unref: true })
    await replayDeposits(L, F)
    return { L, F, stage: 'funded' as Stage }
  })()
  const w = await world
  const { L, F } = w
  while (STAGES.indexOf(w.stage) < STAGES.indexOf(target)) {
    const next = STAGES[STAGES.indexOf(w.stage) + 1]!
    if (next === 'setupVerified') {
      await sequenceRecorded(L, F, 1, 2)
      await verifyRecorded(L, F, 1, 2)
    } else if (next === 'allVerified') {
      await sequenceRecorded(L, F, FIRST_TRANSFER, F.batches.length)
      await verifyRecorded(L, F, FIRST_TRANSFER, F.batches.length)
    } else if (next === 'frozen') {
      await mined(L, deposit(L, L.accounts[9]!, L.accounts[9]!, parseEther('0.5')))
      const ops = await L.model.syncOps()
      await mineBlocks(L, ops[ops.length - 1]!.deadline - (await L.publicClient.getBlockNumber({ cacheTime: 0 })))
      await mined(L, activateEscapeHatch(L))
    }
    w.stage = next
  }
  return w
}

/** Runs `send` (one or more transactions) inside a snapshot that is reverted afterwards; returns total gas. */
async function inSnapshot(L: Lantern, send: () => Promise<TransactionReceipt[]>): Promise<bigint> {
  const id = await L.testClient.snapshot()
  try {
    const receipts = await send()
    return receipts.reduce((sum, r) => sum + r.gasUsed, 0n)
  } finally {
    const reverted: unknown = await L.testClient.request({ method: 'evm_revert', params: [id] })
    if (reverted !== true) throw new Error(`evm_revert(${id}) failed: the next measurement would start from a dirty state`)
  }
}

/** k transfer batches: one sequenceBatches call with k records, one verifyBatches call with k proofs. */
async function transferBatches(w: World, k: number): Promise<TransactionReceipt[]> {
  const { L, F } = w
  const first = FIRST_TRANSFER
  const last = first + k - 1
  const records = F.batches.slice(first - 1, last).map((b) => b.record)
  const sequenced = await mined(L, sequenceRecords(L, records))
  const joined = `0x${records.map((r) => r.slice(2)).join('')}` as Hex
  const verified = await mined(L, verifyBatches(L, BigInt(last), joined, recordedProofs(F, first, last)))
  return [sequenced, verified]
}

type GasRow = { id: string; name: string; stage: Stage; transfers?: number; send: (w: World) => Promise<TransactionReceipt[]> }

const one = (tx: (w: World) => Promise<Hex>) => async (w: World) => [await mined(w.L, tx(w))]

const ROWS: GasRow[] = [
  ...[1, 4, 16, 32].map(
    (k): GasRow => ({
      id: `l1-gas-per-transfer-k${k}`,
      name: `L1 gas per L2 transfer: ${k} full batch${k > 1 ? 'es' : ''} of 4 transfers, sequenced and verified in one call each (real proofs)`,
      stage: 'setupVerified',
      transfers: SLOTS * k,
      send: (w) => transferBatches(w, k),
    }),
  ),
  {
    id: 'deposit-new-account',
    name: 'L1 gas: deposit to a new account, with its L2 key',
    stage: 'funded',
    send: one((w) => deposit(w.L, w.L.accounts[9]!, w.L.accounts[9]!, parseEther('1'), [123n, 456n])),
  },
  {
    id: 'deposit-existing-account',
    name: 'L1 gas: deposit to an existing account, paid by another address',
    stage: 'funded',
    send: one((w) => deposit(w.L, w.L.accounts[9]!, w.L.accounts[1]!, parseEther('1'))),
  },
  { id: 'registerKey', name: 'L1 gas: registerKey (existing account)', stage: 'funded', send: one((w) => registerKey(w.L, w.L.accounts[1]!, [77n, 88n])) },
  { id: 'forcedExit', name: 'L1 gas: forcedExit', stage: 'funded', send: one((w) => forcedExit(w.L, w.L.accounts[1]!)) },
  {
    id: 'claim',
    name: 'L1 gas: claim of a withdrawal',
    stage: 'allVerified',
    send: async (w) => {
      const n = w.F.batches.length
      const { exits } = await w.L.model.rootsOf(n)
      const exit = exits[0]!
      const owner = `0x${exit.address.toString(16).padStart(40, '0')}` as Address
      const args = [BigInt(n), 0n, owner, exit.amount, exitProof(exits, 0) as [bigint, bigint]] as const
      return [await mined(w.L, w.L.wallet(w.L.stranger).writeContract({ address: w.L.bridge, abi: bridgeTestAbi, functionName: 'claim', args }))]
    },
  },
  {
    id: 'escapeWithdraw',
    name: 'L1 gas: escapeWithdraw (frozen rollup, 16-level proof)',
    stage: 'frozen',
    send: async (w) => {
      const tree = new AccountTree((await w.L.model.executeVerified(w.F.batches.length)).store)
      const { account, siblings } = await tree.getAccountWithProof(1)
      const owner = `0x${account.address.toString(16).padStart(40, '0')}` as Address
      const args = [1, owner, account.balance, Number(account.nonce), account.pubAx, account.pubAy, siblings as never] as const
      return [await mined(w.L, w.L.wallet(w.L.stranger).writeContract({ address: w.L.bridge, abi: bridgeTestAbi, functionName: 'escapeWithdraw', args }))]
    },
  },
]

/** Gas of one row, measured once on the replayed chain (the same every time: snapshots). */
export async function measureRow(row: GasRow): Promise<bigint> {
  const w = await getWorld(row.stage)
  const gas = await inSnapshot(w.L, () => row.send(w))
  measured.set(row.id, { gas, ...(row.transfers !== undefined ? { transfers: row.transfers } : {}) })
  return gas
}

export const benchmarks: Benchmark[] = ROWS.map((row) => ({
  id: row.id,
  name: row.name,
  setup: async () => {
    await measureRow(row)
  },
  fn: async () => {
    await measureRow(row)
  },
  warmup: 0,
  iterations: row.transfers !== undefined && row.transfers >= 64 ? 2 : 3,
  metrics: (): Record<string, bigint | number> => {
    const m = measured.get(row.id)
    if (!m) return {}
    if (m.transfers === undefined) return { gas: m.gas }
    const perTransfer = m.gas / BigInt(m.transfers)
    return { gasPerTransfer: perTransfer, xL1Transfer: Number((Number(perTransfer) / L1_TRANSFER_GAS).toFixed(3)) }
  },
}))

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  for (const row of ROWS) {
    const gas = await measureRow(row)
    const m = measured.get(row.id)!
    const extra = m.transfers ? `  ${gas / BigInt(m.transfers)} per transfer, ${(Number(gas / BigInt(m.transfers)) / L1_TRANSFER_GAS).toFixed(3)}× L1` : ''
    console.log(`${row.id.padEnd(28)} ${gas.toLocaleString('en-US').padStart(12)}${extra}`)
  }
  const w = await world
  await w?.L.stop()
}
