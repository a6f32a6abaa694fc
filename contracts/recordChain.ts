// Records a real Lantern chain once, so tests and benchmarks can replay it in seconds instead of
// proving: deploys the stack on a fresh anvil (so every address is the one a replay gets), makes 8
// deposits with keys (2 batches), then 32 full batches of 4 signed transfers and one batch with 2
// withdrawals, executes each with src/protocol, proves it with the committed circuit artifacts,
// and checks it on L1 (sequenced, verified by the real BatchVerifier) before writing
//   contracts/test/fixtures/chain.json   { chainId, rollup, deposits, batches: record, roots, proof }
//
//   npx tsx contracts/recordChain.ts      ≈ 35 proofs: minutes (run in the background)
//
// `--transfer-batches N --out FILE` records a longer chain for the light node's sync tests and
// benchmarks: N transfer batches with a withdrawal batch after every 40 (N = 200: 207 proofs,
// ≈ 40 minutes here). Deposits stay at the start: a replay queues them first, and an op's hash
// binds its L1 block, so a deposit queued mid-chain could not be replayed at the same block.
//
// Records, roots and addresses are deterministic (anvil's accounts; L2 keys derived from their
// RFC 6979 signatures); the proofs are not (Groth16 blinding), which no replay depends on.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEther, toHex, type Address } from 'viem'
import { executeBatch } from '../src/protocol/executor/executeBatch'
import type { SlotItem } from '../src/protocol/executor/types'
import { MemoryStore, TxType, deriveL2PrivateKey, l2KeyMessage, l2PublicKey, signTx, type L2PrivateKey } from '../src/protocol/index'
import { proveBatch } from '../src/prover/proveBatch'
import { proofToSolidityCalldata } from '../src/prover/proofToSolidityCalldata'
import { releaseCurve } from '../src/prover/releaseCurve'
import type { Groth16VerificationKey } from '../src/prover/types'
import { emptyStateRoot } from '../src/protocol/tree/zeroHashes'
import { deposit, mined, startLantern, verifyBatches, type Lantern } from './test/helpers/lantern'
import type { ChainFixture, RecordedBatch } from './test/helpers/proofSet'
import { CHAIN_FIXTURE } from './test/helpers/proofSet'

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const artifacts = { wasm: join(rootDir, 'circuits/artifacts/batch.wasm'), zkey: join(rootDir, 'circuits/artifacts/batch.zkey') }
const vkPath = join(rootDir, 'circuits/artifacts/verification_key.json')

/** Full transfer batches (the k = 32 gas row needs 32). */
export const TRANSFER_BATCHES = 32
/** Accounts 1…8: anvil's accounts 1…8, each with 1 ETH and its own key. */
export const RECORDED_ACCOUNTS = 8
export const FEE_ACCOUNT = 1

async function deriveKey(L: Lantern, address: Address): Promise<L2PrivateKey> {
  const message = l2KeyMessage({ chainId: BigInt(L.chain.id), rollupAddress: L.rollup.toLowerCase() })
  return deriveL2PrivateKey(await L.wallet(address).signMessage({ message }))
}

/** `--name value` from the command line. */
function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? undefined : process.argv[at + 1]
}

async function main(): Promise<void> {
  const transferBatches = Number(flag('transfer-batches') ?? TRANSFER_BATCHES)
  const out = flag('out') === undefined ? CHAIN_FIXTURE : resolve(flag('out')!)
  if (!Number.isInteger(transferBatches) || transferBatches < 1) throw new Error('--transfer-batches takes a positive integer')
  const long = transferBatches !== TRANSFER_BATCHES
  const vkJson = readFileSync(vkPath, 'utf8')
  const vk = JSON.parse(vkJson) as Groth16VerificationKey
  const L = await startLantern({ verifier: 'real', unref: true })
  const owners = L.accounts.slice(1, 1 + RECORDED_ACCOUNTS)
  const keys = new Map<number, L2PrivateKey>()
  const deposits: ChainFixture['deposits'] = []
  for (const [i, owner] of owners.entries()) {
    const key = await deriveKey(L, owner)
    keys.set(i + 1, key)
    const { pubAx, pubAy } = l2PublicKey(key)
    const wei = parseEther('1')
    await mined(L, deposit(L, owner, owner, wei, [pubAx, pubAy]))
    deposits.push({ from: owner, recipient: owner, wei: wei.toString(), pubAx: pubAx.toString(), pubAy: pubAy.toString() })
  }
  const ops = await L.model.syncOps()

  const store = new MemoryStore()
  const domain = { chainId: BigInt(L.chain.id), rollupAddress: BigInt(L.rollup) }
  const nonces = new Map<number, bigint>()
  const l2 = (type: typeof TxType.TRANSFER | typeof TxType.WITHDRAW, from: number, to: number, amount: bigint): SlotItem => {
    const nonce = nonces.get(from) ?? 0n
    nonces.set(from, nonce + 1n)
    return { kind: 'l2', tx: signTx({ type, from, to, amount, fee: 1n, nonce }, domain, keys.get(from)!) }
  }
  const plan: SlotItem[][] = [
    ops.slice(0, 4).map((op) => ({ kind: 'priority', op })),
    ops.slice(4, 8).map((op) => ({ kind: 'priority', op })),
  ]
  const transferBatch = (t: number): SlotItem[] =>
    [0, 1, 2, 3].map((j) => {
      const n = t * 4 + j
      return l2(TxType.TRANSFER, 1 + (n % RECORDED_ACCOUNTS), 1 + ((n + 3) % RECORDED_ACCOUNTS), 1_000n + BigInt(n))
    })
  const withdrawalBatch = (gwei: bigint): SlotItem[] => [l2(TxType.WITHDRAW, 2, 0, gwei), l2(TxType.WITHDRAW, 3, 0, 2n * gwei), l2(TxType.TRANSFER, 4, 5, 7n), l2(TxType.TRANSFER, 5, 4, 7n)]
  for (let t = 0; t < transferBatches; t++) {
    plan.push(transferBatch(t))
    if (long && (t + 1) % 40 === 0) plan.push(withdrawalBatch(10_000_000n))
  }
  plan.push(withdrawalBatch(100_000_000n))

  // Execute the whole plan once before proving anything, so a plan the executor refuses fails in seconds, not after hours of proofs.
  const dryRun = new MemoryStore()
  for (const [i, items] of plan.entries()) {
    await executeBatch(dryRun, { ...domain, batchNumber: BigInt(i + 1), feeAccountIndex: FEE_ACCOUNT }, items)
  }

  const batches: RecordedBatch[] = []
  const started = Date.now()
  for (const [i, items] of plan.entries()) {
    const batchNumber = i + 1
    const result = await executeBatch(store, { ...domain, batchNumber: BigInt(batchNumber), feeAccountIndex: FEE_ACCOUNT }, items)
    const record = toHex(result.record)
    await L.model.sequenceRaw([record])
    const { proof, publicInputs } = await proveBatch(result.circuitInput, artifacts, vk)
    if (publicInputs.join() !== result.publicInputs.join()) throw new Error(`batch ${batchNumber}: the circuit's public inputs differ from the executor's`)
    const words = proofToSolidityCalldata(proof)
    // On L1 with the real verifier, so the fixture holds only proofs the contracts accept.
    await mined(L, verifyBatches(L, BigInt(batchNumber), record, [{ newStateRoot: result.newStateRoot, exitRoot: result.exitRoot, proof: words }]))
    batches.push({ batchNumber, record, newStateRoot: result.newStateRoot.toString(), exitRoot: result.exitRoot.toString(), proof: words.map(String) })
    console.log(`batch ${batchNumber}/${plan.length} proved and verified on L1 (${((Date.now() - started) / 1000).toFixed(0)} s)`)
  }
  await releaseCurve()

  const fixture: ChainFixture = {
    verificationKeySha256: createHash('sha256').update(vkJson).digest('hex'),
    chainId: L.chain.id,
    rollup: L.rollup,
    sequencer: L.sequencer,
    deposits,
    genesisStateRoot: emptyStateRoot().toString(),
    batches,
    calls: batches.map((b) => [b.batchNumber]),
  }
  writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`)
  console.log(`wrote ${out} (${batches.length} batches)`)
  await L.stop()
}

await main()
