// The whole loop with real proofs, in Node: deposits on L1 → batches built by src/protocol's
// executor → sequenced → proved with src/prover and the committed circuit artifacts → verified on
// L1 by the snarkjs BatchVerifier → L2 transfers and a withdrawal → claimed on L1. Then every
// proof-level attack on verifyBatch, and the escape hatch from a proven state, which must drain the
// Bridge to exactly 0 (the circuit conserves value, the contracts pay each claim once).
//
// Proving a 4-slot batch takes tens of seconds here, so the two proofs are made once in beforeAll
// and every test starts from an EVM snapshot taken after sequencing.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEther, type Address } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bridgeAbi, rollupAbi } from '../generated/abis'
import {
  AccountTree,
  MemoryStore,
  SNARK_SCALAR_FIELD,
  TxType,
  deriveL2PrivateKey,
  exitProof,
  l2KeyMessage,
  l2PublicKey,
  signTx,
  type Account,
  type L2PrivateKey,
} from '../../src/protocol/index'
import { executeBatch } from '../../src/protocol/executor/executeBatch'
import { executeBatchFromCalldata } from '../../src/protocol/executor/executeBatchFromCalldata'
import type { BatchResult, SlotItem } from '../../src/protocol/executor/types'
import { proveBatch } from '../../src/prover/proveBatch'
import { proofToSolidityCalldata } from '../../src/prover/proofToSolidityCalldata'
import { releaseCurve } from '../../src/prover/releaseCurve'
import { verifyBatchProof } from '../../src/prover/verifyBatchProof'
import type { SolidityProof } from '../../src/prover/types'
import {
  GWEI,
  bridgeTestAbi,
  deposit,
  expectBridgeAccounting,
  expectRevert,
  mineBlocks,
  mined,
  rollupTestAbi,
  snapshot,
  startLantern,
  verifyBatch,
  type Lantern,
} from './helpers/lantern'

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const artifacts = { wasm: join(rootDir, 'circuits/artifacts/batch.wasm'), zkey: join(rootDir, 'circuits/artifacts/batch.zkey') }
const haveArtifacts = existsSync(artifacts.wasm) && existsSync(artifacts.zkey) && existsSync(join(rootDir, 'contracts/src/BatchVerifier.sol'))

type ProvenBatch = { result: BatchResult; proof: SolidityProof; slots: bigint[] }

let L: Lantern
let restore: () => Promise<void>
const store = new MemoryStore()
let batch1: ProvenBatch
let batch2: ProvenBatch
const keys: Record<string, L2PrivateKey> = {}

const ETH = (n: string) => parseEther(n) / GWEI // gwei
const ALICE_WITHDRAWAL = ETH('0.5')

/** The L2 key exactly as the app derives it: keccak of the wallet's personal_sign over §3.1's message. */
async function deriveKey(address: Address): Promise<L2PrivateKey> {
  const message = l2KeyMessage({ chainId: BigInt(L.chain.id), rollupAddress: L.rollup.toLowerCase() })
  return deriveL2PrivateKey(await L.wallet(address).signMessage({ message }))
}

/** Executes the next batch with src/protocol, sequences its calldata on L1 and proves it. */
async function buildSequenceProve(items: SlotItem[], feeAccountIndex: number): Promise<ProvenBatch> {
  const previous = L.model.lastBatch
  const context = {
    chainId: BigInt(L.chain.id),
    rollupAddress: BigInt(L.rollup),
    batchNumber: BigInt(L.model.batches.length),
    feeAccountIndex,
    oldPriorityHash: L.model.chain[previous.priorityOpsEnd]!,
  }
  const result = await executeBatch(store, context, items)
  const slots = [...result.packedTxs]
  while (slots.length > 0 && slots[slots.length - 1] === 0n) slots.pop()
  await L.model.sequence([{ slots, feeAccountIndex }])
  expect(L.model.lastBatch.dataCommitment).toBe(result.dataCommitment)
  const { proof, publicSignals } = await proveBatch(result.circuitInput, artifacts)
  expect(BigInt(publicSignals[0])).toBe(result.publicInputHash)
  expect(await verifyBatchProof(proof, result.publicInputHash)).toBe(true)
  return { result, proof: proofToSolidityCalldata(proof), slots }
}

const verify = (b: ProvenBatch, n: bigint, proof: SolidityProof = b.proof, from?: Address) =>
  verifyBatch(L, n, b.result.newStateRoot, b.result.exitRoot, proof, from)

const verifierSays = (proof: SolidityProof, input: bigint) =>
  L.publicClient.readContract({
    address: L.verifier,
    abi: [
      {
        type: 'function',
        name: 'verifyProof',
        stateMutability: 'view',
        inputs: [
          { name: 'a', type: 'uint256[2]' },
          { name: 'b', type: 'uint256[2][2]' },
          { name: 'c', type: 'uint256[2]' },
          { name: 'pubSignals', type: 'uint256[1]' },
        ],
        outputs: [{ type: 'bool' }],
      },
    ] as const,
    functionName: 'verifyProof',
    args: [proof.a, proof.b, proof.c, [input]],
  })

/** BN254 base field modulus p: negating a point is (x, p − y). */
const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n

/**
 * A re-randomised proof of the same statement: (−A, −B, C). e(−A, −B) = e(A, B), so it verifies
 * for the same public input although every byte of A and B differs (Groth16 is malleable).
 */
function negateAB(proof: SolidityProof): SolidityProof {
  return {
    a: [proof.a[0], P - proof.a[1]],
    b: [proof.b[0], [P - proof.b[1][0], P - proof.b[1][1]]],
    c: proof.c,
  }
}

describe.skipIf(!haveArtifacts)('with real proofs', () => {
  beforeAll(async () => {
    L = await startLantern({ verifier: 'real' })
    for (const who of [L.alice, L.bob]) keys[who] = await deriveKey(who)
    const aliceKey = l2PublicKey(keys[L.alice]!)
    const bobKey = l2PublicKey(keys[L.bob]!)

    // L1: op0 alice funds herself with her key, op1 bob likewise, op2 alice funds carol (no key).
    await mined(L, deposit(L, L.alice, L.alice, parseEther('2'), [aliceKey.pubAx, aliceKey.pubAy]))
    await mined(L, deposit(L, L.bob, L.bob, parseEther('1'), [bobKey.pubAx, bobKey.pubAy]))
    await mined(L, deposit(L, L.alice, L.carol, parseEther('0.5')))
    const ops = await L.model.syncOps()
    expect(ops.map((o) => o.accountIndex)).toEqual([1, 2, 3])

    const domain = { chainId: BigInt(L.chain.id), rollupAddress: BigInt(L.rollup) }
    batch1 = await buildSequenceProve(
      ops.map((op) => ({ kind: 'priority', op })),
      2,
    )
    // L2: alice pays carol 0.3 ETH and withdraws 0.5 ETH, bob pays alice 0.1 ETH; fees to bob.
    batch2 = await buildSequenceProve(
      [
        { kind: 'l2', tx: signTx({ type: TxType.TRANSFER, from: 1, to: 3, amount: ETH('0.3'), fee: 1000n, nonce: 0n }, domain, keys[L.alice]!) },
        { kind: 'l2', tx: signTx({ type: TxType.WITHDRAW, from: 1, to: 0, amount: ALICE_WITHDRAWAL, fee: 1000n, nonce: 1n }, domain, keys[L.alice]!) },
        { kind: 'l2', tx: signTx({ type: TxType.TRANSFER, from: 2, to: 1, amount: ETH('0.1'), fee: 500n, nonce: 0n }, domain, keys[L.bob]!) },
      ],
      2,
    )
    restore = await snapshot(L)
  })

  afterAll(async () => {
    await releaseCurve()
    await L?.stop()
  })

  afterEach(async () => {
    await expectBridgeAccounting(L)
    await restore()
    restore = await snapshot(L)
  })

  const readRollup = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
    L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never })

  it('the Rollup hashes exactly the public input the circuit proved, and the verifier accepts it', async () => {
    for (const [n, b] of [[1n, batch1], [2n, batch2]] as const) {
      // Batch n's old state root is batch n − 1's verified root: meaningful once that one is verified.
      expect(await readRollup('publicInput', [n, b.result.newStateRoot, b.result.exitRoot])).toBe(b.result.publicInputHash)
      expect(await verifierSays(b.proof, b.result.publicInputHash)).toBe(true)
      // snarkjs's verifier refuses an input ≥ r, which is why the contract checks the roots it hashes.
      expect(await verifierSays(b.proof, b.result.publicInputHash + SNARK_SCALAR_FIELD)).toBe(false)
      expect(await verifierSays(b.proof, b.result.publicInputHash + 1n)).toBe(false)
      await mined(L, verify(b, n))
    }
  })

  it('happy path: deposit → sequence → prove → verify → transfer → withdraw → claim pays the recipient', async () => {
    await mined(L, verify(batch1, 1n))
    await mined(L, verify(batch2, 2n, batch2.proof, L.carol)) // any address may aggregate
    expect(await readRollup('lastVerifiedBatch')).toBe(2n)
    expect(await readRollup('lastVerifiedStateRoot')).toBe(batch2.result.newStateRoot)
    expect(await readRollup('exitRootOf', [2n])).toBe(batch2.result.exitRoot)

    const exits = batch2.result.exitLeaves
    expect(exits[1]).toEqual({ address: BigInt(L.alice), amount: ALICE_WITHDRAWAL })
    const before = await L.publicClient.getBalance({ address: L.alice })
    await mined(
      L,
      L.wallet(L.stranger).writeContract({
        address: L.bridge,
        abi: bridgeTestAbi,
        functionName: 'claim',
        args: [2n, 1n, L.alice, ALICE_WITHDRAWAL, exitProof(exits, 1) as [bigint, bigint]],
      }),
    )
    expect(await L.publicClient.getBalance({ address: L.alice })).toBe(before + ALICE_WITHDRAWAL * GWEI)
  })

  it('a light client rebuilds the verified state from L1 events alone', async () => {
    await mined(L, verify(batch1, 1n))
    await mined(L, verify(batch2, 2n))
    const sequenced = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchSequenced', fromBlock: 0n })
    const verified = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchVerified', fromBlock: 0n })
    const light = new MemoryStore()
    let opsStart = 0
    for (const event of sequenced) {
      const n = event.args.batchNumber!
      const txs = Buffer.from(event.args.txs!.slice(2), 'hex')
      const result = await executeBatchFromCalldata(
        light,
        { chainId: BigInt(L.chain.id), rollupAddress: BigInt(L.rollup), batchNumber: n, feeAccountIndex: event.args.feeAccountIndex!, oldPriorityHash: L.model.chain[opsStart]! },
        { txs, priorityOps: L.model.ops.slice(opsStart) },
      )
      opsStart = Number(event.args.priorityOpsEnd!)
      const onL1 = verified.find((v) => v.args.batchNumber === n)!.args
      expect([result.newStateRoot, result.exitRoot, result.dataCommitment]).toEqual([onL1.stateRoot, onL1.exitRoot, event.args.dataCommitment])
    }
  })

  it('refuses a valid proof of another batch', async () => {
    await expectRevert(verify(batch1, 1n, batch2.proof), 'Rollup__InvalidProof')
    await mined(L, verify(batch1, 1n))
    await expectRevert(verify(batch2, 2n, batch1.proof), 'Rollup__InvalidProof')
  })

  it('refuses a tampered proof', async () => {
    const p = batch1.proof
    for (const bad of [
      { ...p, a: [p.a[0], p.a[1] + 1n] as const }, // off the curve
      { ...p, c: [p.c[0] ^ 1n, p.c[1]] as const },
      { ...p, a: p.c, c: p.a }, // points swapped
      { ...p, b: [p.b[1], p.b[0]] as const },
    ]) {
      await expectRevert(verify(batch1, 1n, bad), 'Rollup__InvalidProof')
    }
    expect(await readRollup('lastVerifiedBatch')).toBe(0n)
  })

  it('refuses a root v + r, which poseidon-solidity would hash like v', async () => {
    const { newStateRoot, exitRoot } = batch1.result
    await expectRevert(verifyBatch(L, 1n, newStateRoot + SNARK_SCALAR_FIELD, exitRoot, batch1.proof), 'Rollup__InvalidFieldElement', [newStateRoot + SNARK_SCALAR_FIELD])
    await expectRevert(verifyBatch(L, 1n, newStateRoot, exitRoot + SNARK_SCALAR_FIELD, batch1.proof), 'Rollup__InvalidFieldElement', [exitRoot + SNARK_SCALAR_FIELD])
    await mined(L, verify(batch1, 1n))
  })

  it('refuses a re-randomised proof of a batch already verified', async () => {
    await mined(L, verify(batch1, 1n))
    const malleated = negateAB(batch1.proof)
    expect(malleated).not.toEqual(batch1.proof)
    expect(await verifierSays(malleated, batch1.result.publicInputHash)).toBe(true) // a valid proof…
    await expectRevert(verify(batch1, 1n, malleated), 'Rollup__BatchAlreadyVerified', [1n]) // …of a spent batch
    await expectRevert(verify(batch1, 1n), 'Rollup__BatchAlreadyVerified', [1n])
  })

  it('refuses valid proofs out of order or beyond what was sequenced', async () => {
    await expectRevert(verify(batch2, 2n), 'Rollup__BatchOutOfOrder', [2n, 1n])
    await expectRevert(verify(batch2, 3n), 'Rollup__BatchNotSequenced', [3n])
  })

  it('escape hatch from a proven state: every account, exit and pending deposit is paid, the Bridge ends at 0', async () => {
    await mined(L, verify(batch1, 1n))
    await mined(L, verify(batch2, 2n))
    await mined(L, deposit(L, L.carol, L.carol, parseEther('0.25'))) // op3, never processed
    await L.model.syncOps()
    await mineBlocks(L, L.deadlineBlocks + 1n)
    await mined(L, L.wallet(L.stranger).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'activateEscapeHatch', args: [] }))

    // The executor's store holds exactly the state of verified batch 2.
    const tree = new AccountTree(store)
    expect(await tree.root()).toBe(batch2.result.newStateRoot)
    const paid: Record<string, bigint> = {}
    for (const index of [1, 2, 3]) {
      const { account, siblings } = await tree.getAccountWithProof(index)
      const owner = `0x${account.address.toString(16).padStart(40, '0')}` as Address
      const before = await L.publicClient.getBalance({ address: owner })
      await mined(L, escapeWithdraw(index, account, siblings))
      paid[index] = (await L.publicClient.getBalance({ address: owner })) - before
      expect(paid[index]).toBe(account.balance * GWEI)
    }
    // alice: 2 − 0.3 − 0.5 + 0.1 ETH − 2000 gwei fees; bob: 1 − 0.1 ETH − 500 + 2500 gwei; carol 0.5 + 0.3 ETH.
    expect(paid).toEqual({ 1: (ETH('1.3') - 2000n) * GWEI, 2: (ETH('0.9') + 2000n) * GWEI, 3: parseEther('0.8') })

    await mined(
      L,
      L.wallet(L.stranger).writeContract({
        address: L.bridge,
        abi: bridgeTestAbi,
        functionName: 'claim',
        args: [2n, 1n, L.alice, ALICE_WITHDRAWAL, exitProof(batch2.result.exitLeaves, 1) as [bigint, bigint]],
      }),
    )
    await mined(L, L.wallet(L.stranger).writeContract({ address: L.bridge, abi: bridgeTestAbi, functionName: 'refundDeposit', args: [3n] }))
    expect(await L.publicClient.getBalance({ address: L.bridge })).toBe(0n)
    expect(await L.publicClient.readContract({ address: L.bridge, abi: bridgeAbi, functionName: 'hasEscaped', args: [3] })).toBe(true)
  })

  function escapeWithdraw(index: number, account: Account, siblings: readonly bigint[]) {
    return L.wallet(L.stranger).writeContract({
      address: L.bridge,
      abi: bridgeTestAbi,
      functionName: 'escapeWithdraw',
      args: [
        index,
        `0x${account.address.toString(16).padStart(40, '0')}`,
        account.balance,
        Number(account.nonce),
        account.pubAx,
        account.pubAy,
        siblings as never,
      ],
    })
  }
})
