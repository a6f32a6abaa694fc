// The contracts with real proofs, replayed from the recorded chain (contracts/test/fixtures/chain.json,
// recorded by contracts/recordChain.ts with the committed circuit artifacts): 8 deposits, 32 full
// batches of transfers and a batch with two withdrawals, verified by the generated BatchVerifier in
// one call or many, every proof-level attack on verifyBatches, a claim, a light client rebuilding the
// state from L1 calldata alone, and the escape hatch from a proven state draining the Bridge to 0.
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { decodeFunctionData, type Address, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { rollupAbi } from '../generated/abis'
import { verifierPaths } from '../generateVerifier'
import { SNARK_SCALAR_FIELD } from '../../src/protocol/constants'
import { exitProof } from '../../src/protocol/batch/exitTree'
import { decodeBatchRecords } from '../../src/protocol/batch/decodeBatchRecords'
import { executeBatchFromCalldata } from '../../src/protocol/executor/executeBatchFromCalldata'
import { MemoryStore } from '../../src/protocol/store/memoryStore'
import { AccountTree } from '../../src/protocol/tree/accountTree'
import {
  GWEI,
  activateEscapeHatch,
  bridgeTestAbi,
  deposit,
  expectRevert,
  hexToBytes,
  mineBlocks,
  mined,
  verifyBatches,
  type Lantern,
} from './helpers/lantern'
import { readChainFixture, type ChainFixture } from './helpers/proofSet'
import { recordedProofs, replayDeposits, sequenceRecorded, verifyRecorded } from './helpers/replayChain'
import { useLantern } from './helpers/useLantern'

const fixture = readChainFixture()
const vkSha = createHash('sha256').update(readFileSync(verifierPaths.verificationKey, 'utf8')).digest('hex')
// The fixture must be of the committed key, or its proofs mean nothing here: re-record after a ceremony.
const usable = fixture !== undefined && fixture.verificationKeySha256 === vkSha

let L: Lantern
let F: ChainFixture
const LAST = () => F.batches.length
/** Batches 3 … 34 are the 32 full transfer batches; 35 has the withdrawals. */
const FIRST_TRANSFER = 3
const LAST_TRANSFER = 34

/** BN254 base field modulus p: negating a point is (x, p − y). */
const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n

describe.skipIf(!usable)('with real proofs', () => {
  useLantern({ verifier: 'real' }, async (lantern) => {
    L = lantern
    F = fixture!
    await replayDeposits(L, F)
    // Three calls, so 2, 34 and 35 are checkpoints: k = 2, 32 and 1.
    await sequenceRecorded(L, F, 1, 2)
    await sequenceRecorded(L, F, FIRST_TRANSFER, LAST_TRANSFER)
    await sequenceRecorded(L, F, LAST_TRANSFER + 1, LAST())
  })

  const read = <const Fn extends string>(functionName: Fn, args: readonly unknown[] = []) =>
    L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never })

  it('fixture: the recorded chain is what src/protocol executes from its records', async () => {
    expect(F.batches).toHaveLength(LAST_TRANSFER + 1)
    for (const n of [1, 2, 20, LAST()]) {
      const roots = await L.model.rootsOf(n)
      expect([roots.newStateRoot, roots.exitRoot]).toEqual([BigInt(F.batches[n - 1]!.newStateRoot), BigInt(F.batches[n - 1]!.exitRoot)])
    }
  })

  it('verifies 2, then 32 batches in one call, then 1, with the generated batch verifier', async () => {
    await verifyRecorded(L, F, 1, 2)
    await verifyRecorded(L, F, FIRST_TRANSFER, LAST_TRANSFER, L.carol) // anyone may aggregate
    expect(await read('lastVerifiedBatch')).toBe(BigInt(LAST_TRANSFER))
    await verifyRecorded(L, F, LAST(), LAST())
    expect(await read('lastVerifiedStateRoot')).toBe(BigInt(F.batches[LAST() - 1]!.newStateRoot))
    expect(await read('verifiedPriorityOpsEnd')).toBe(8n)
  })

  it('refuses valid proofs of other batches, one bad proof among 32, and tampered points', async () => {
    await verifyRecorded(L, F, 1, 2)
    const records = L.model.recordsOf(FIRST_TRANSFER, LAST_TRANSFER)
    const proofs = recordedProofs(F, FIRST_TRANSFER, LAST_TRANSFER)
    const swapped = proofs.map((p, i) => (i === 5 ? { ...p, proof: proofs[6]!.proof } : i === 6 ? { ...p, proof: proofs[5]!.proof } : p))
    await expectRevert(verifyBatches(L, BigInt(LAST_TRANSFER), records, swapped), 'Rollup__InvalidProof')
    const p = proofs[17]!.proof
    for (const bad of [
      [p[0]!, p[1]! + 1n, ...p.slice(2)], // off the curve
      [...p.slice(0, 6), p[6]! ^ 1n, p[7]!],
      [...p.slice(6, 8), ...p.slice(2, 6), ...p.slice(0, 2)], // A and C swapped
      [...p.slice(0, 2), p[4]!, p[5]!, p[2]!, p[3]!, ...p.slice(6)], // B's coordinates swapped
    ]) {
      await expectRevert(verifyBatches(L, BigInt(LAST_TRANSFER), records, proofs.map((x, i) => (i === 17 ? { ...x, proof: bad } : x))), 'Rollup__InvalidProof')
    }
    // A proof for other roots than those submitted.
    await expectRevert(verifyBatches(L, BigInt(LAST_TRANSFER), records, proofs.map((x, i) => (i === 31 ? { ...x, newStateRoot: x.newStateRoot + 1n } : x))), 'Rollup__InvalidProof')
    expect(await read('lastVerifiedBatch')).toBe(2n)
    await mined(L, verifyBatches(L, BigInt(LAST_TRANSFER), records, proofs))
  })

  it('refuses a root v + r (it would act as v in the pairing check)', async () => {
    const proofs = recordedProofs(F, 1, 2)
    const records = L.model.recordsOf(1, 2)
    const bad = [{ ...proofs[0]!, newStateRoot: proofs[0]!.newStateRoot + SNARK_SCALAR_FIELD }, proofs[1]!]
    await expectRevert(verifyBatches(L, 2n, records, bad), 'Rollup__InvalidFieldElement', [proofs[0]!.newStateRoot + SNARK_SCALAR_FIELD])
  })

  it('refuses a re-randomised proof of a batch already verified', async () => {
    await verifyRecorded(L, F, 1, 2)
    const proofs = recordedProofs(F, 1, 2)
    // (−A, −B, C) verifies like (A, B, C): Groth16 is malleable, so only "each batch once" stops a replay.
    const malleated = proofs.map((x) => ({ ...x, proof: [x.proof[0]!, P - x.proof[1]!, x.proof[2]!, x.proof[3]!, P - x.proof[4]!, P - x.proof[5]!, ...x.proof.slice(6)] }))
    await expectRevert(verifyBatches(L, 2n, L.model.recordsOf(1, 2), malleated), 'Rollup__BatchAlreadyVerified', [2n])
  })

  it('a withdrawal of a verified batch is claimed, once, to the leaf’s address', async () => {
    await verifyRecorded(L, F, 1, 2)
    await verifyRecorded(L, F, FIRST_TRANSFER, LAST_TRANSFER)
    await verifyRecorded(L, F, LAST(), LAST())
    const { exits } = await L.model.rootsOf(LAST())
    const exit = exits[0]!
    const owner = `0x${exit.address.toString(16).padStart(40, '0')}` as Address
    const before = await L.publicClient.getBalance({ address: owner })
    const args = [BigInt(LAST()), 0n, owner, exit.amount, exitProof(exits, 0) as [bigint, bigint]] as const
    await mined(L, L.wallet(L.stranger).writeContract({ address: L.bridge, abi: bridgeTestAbi, functionName: 'claim', args }))
    expect(await L.publicClient.getBalance({ address: owner })).toBe(before + exit.amount * GWEI)
    await expectRevert(L.wallet(L.stranger).writeContract({ address: L.bridge, abi: bridgeTestAbi, functionName: 'claim', args }), 'Bridge__AlreadyClaimed')
  })

  it('a light client rebuilds every verified root from L1 calldata alone', async () => {
    await verifyRecorded(L, F, 1, 2)
    await verifyRecorded(L, F, FIRST_TRANSFER, LAST_TRANSFER)
    const sequenced = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchesSequenced', fromBlock: 0n })
    const verified = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'BatchesVerified', fromBlock: 0n })
    const light = new MemoryStore()
    const roots = new Map<bigint, bigint>()
    for (const event of sequenced) {
      const tx = await L.publicClient.getTransaction({ hash: event.transactionHash })
      const { args } = decodeFunctionData({ abi: rollupAbi, data: tx.input })
      const records = decodeBatchRecords(hexToBytes(args[0] as Hex))
      let n = event.args.firstBatch!
      for (const record of records) {
        const result = await executeBatchFromCalldata(light, { chainId: BigInt(L.chain.id), rollupAddress: BigInt(L.rollup), batchNumber: n }, record)
        roots.set(n, result.newStateRoot)
        n++
      }
      expect(n - 1n).toBe(event.args.lastBatch)
    }
    expect(verified.map((v) => v.args.stateRoot)).toEqual(verified.map((v) => roots.get(v.args.lastBatch!)))
  })

  it('escape hatch from a proven state: every account and pending deposit is paid, the Bridge ends at 0', async () => {
    await verifyRecorded(L, F, 1, 2)
    await verifyRecorded(L, F, FIRST_TRANSFER, LAST_TRANSFER)
    await mined(L, deposit(L, L.accounts[9]!, L.accounts[9]!, 250_000_000n * GWEI)) // op 8, never processed
    const [op] = (await L.model.syncOps()).slice(8)
    await mineBlocks(L, op!.deadline - (await L.publicClient.getBlockNumber({ cacheTime: 0 })))
    await mined(L, activateEscapeHatch(L))
    const tree = new AccountTree((await L.model.executeVerified(LAST_TRANSFER)).store)
    expect(await tree.root()).toBe(BigInt(F.batches[LAST_TRANSFER - 1]!.newStateRoot))
    for (let index = 1; index <= 8; index++) {
      const { account, siblings } = await tree.getAccountWithProof(index)
      const owner = `0x${account.address.toString(16).padStart(40, '0')}` as Address
      const before = await L.publicClient.getBalance({ address: owner })
      // Sent by the sequencer's account, which owns no L2 account here (accounts 1–8 do), so the owner's balance moves by the payout alone.
      await mined(
        L,
        L.wallet(L.sequencer).writeContract({
          address: L.bridge,
          abi: bridgeTestAbi,
          functionName: 'escapeWithdraw',
          args: [index, owner, account.balance, Number(account.nonce), account.pubAx, account.pubAy, siblings as never],
        }),
      )
      expect(await L.publicClient.getBalance({ address: owner })).toBe(before + account.balance * GWEI)
    }
    await mined(
      L,
      L.wallet(L.stranger).writeContract({ address: L.bridge, abi: bridgeTestAbi, functionName: 'refundDeposit', args: [8n, L.accounts[9]!, 0n, 0n, 250_000_000n] }),
    )
    expect(await L.publicClient.getBalance({ address: L.bridge })).toBe(0n)
  })
})
