/**
 * Failing witnesses: each test breaks exactly one rule of PROTOCOL.md §7.2 and checks that no
 * witness exists, and which constraint refuses it.
 *
 * Inputs come from the rule-free model (testing/rawBatch.ts), which applies the circuit's
 * formulas without checking anything and recomputes every root and the public-input vector
 * consistently. So a rejection is caused by the broken rule, not by a stale root; the
 * "control" tests show the same builder's valid batches are accepted. `commit` overrides
 * public inputs only: it models a batch record (what L1 sequenced and will verify against)
 * that says something else than what the prover's slots do. Witnesses are computed with the
 * circuit compiled from the current sources (cached in circuits/build/test-*). The suite uses
 * no protocol code beyond the test keys and addresses, so it does not move when the executor
 * does.
 */
import { join } from 'node:path'
import * as snarkjs from 'snarkjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { releaseCurve } from '../src/prover/releaseCurve.js'
import { DOMAIN, testAddress, testKey } from '../src/protocol/testing/fixtures.js'
import {
  BABYJUB_SUBORDER, type PublicValues, R, type RawBatch, type RawSlot, RawTree, buildRawBatch, loadRawCrypto,
  NOOP_SLOT, PUBLIC_SCALARS, PUBLIC_VECTORS, RAW_SLOTS, rawExitRoot, rawHash, rawPublicKey,
} from './testing/rawBatch.js'
import { babyDouble, montgomeryBreakingKey } from './testing/adversarialKey.js'
import {
  type FailedConstraint, calculateWitness, compiledForTests, lineOf, publicSignals, signalIndex, witnessFailure,
  witnessSatisfies, witnessValue, withWitnessValue,
} from './testing/witness.js'
import { compileCircuit } from './tooling/compile.js'
import { BUILD_DIR } from './tooling/paths.js'

const p = R
const SLOT = 'circuits/lib/slot.circom'
const BATCH = 'circuits/batch.circom'

/** A constraint of our own sources, located by its text. */
const at = (file: string, marker: string): FailedConstraint => ({
  template: file === SLOT ? 'BatchSlot' : file === BATCH ? 'Batch' : 'TxTypeFlags',
  line: lineOf(file, marker),
})
const PACKED_IS_TX = () => at(SLOT, 'packed === tx;')
const NEW_STATE_ROOT = () => at(BATCH, 'newStateRoot === computedNewStateRoot')
const EXIT_ROOT = () => at(BATCH, 'exitRoot === computedExitRoot')
const MERKLE_READ = () => ({ template: 'MerkleUpdate', line: lineOf('circuits/lib/merkle.circom', 'oldNode[depth] === oldRoot') })
/** circomlib's Num2Bits (`lc1 === in`): a range check failed. */
const RANGE = { template: 'Num2Bits' } as const
/** circomlib's EdDSAPoseidonVerifier final equality (S·B8 = R8 + h·8·A). */
const SIGNATURE = { template: 'ForceEqualIfEnabled' } as const

const publicKeys = new Map<number, { pubAx: bigint; pubAy: bigint }>()
/** The public key of testKey(seed), by circomlibjs (the raw model's own EdDSA). */
const testPublicKey = (seed: number) => {
  let key = publicKeys.get(seed)
  if (!key) publicKeys.set(seed, (key = rawPublicKey(testKey(seed))))
  return key
}

let wasm: string
/** The state root after batch 1 (one batch before `base`). */
let afterBatch1: bigint
/** State after two batches (below) plus account 3 (no key), 4 (almost full), 5 (nonce near 2^32). */
let base: RawTree

const ALMOST_FULL = (1n << 64n) - 10n
const MAX_NONCE = (1n << 32n) - 1n

const context = (batchNumber: bigint, feeAccountIndex: bigint) => ({ ...DOMAIN, batchNumber, feeAccountIndex })

beforeAll(async () => {
  await loadRawCrypto()
  wasm = (await compiledForTests()).wasm
  // Batch 1: a deposit creating account 2 with key 2. Batch 2: a deposit creating account 1, its
  // key registration, a signed transfer 1 → 2 and a signed withdrawal from 1, fees to 2.
  const batch1 = buildRawBatch({
    tree: new RawTree(),
    context: context(1n, 0n),
    slots: [priority(3n, 2n, 5_000n, testAddress(2), testPublicKey(2))],
  })
  afterBatch1 = batch1.computed.newStateRoot
  const batch2 = buildRawBatch({
    tree: batch1.tree,
    context: context(2n, 2n),
    slots: [
      priority(3n, 1n, 1_000_000n, testAddress(1)),
      priority(4n, 1n, 0n, testAddress(1), testPublicKey(1)),
      transfer(300n, 7n),
      withdrawal(200n, 5n),
    ],
  })
  base = batch2.tree.clone()
  base.set(3, { address: testAddress(3), balance: 777n, nonce: 0n, pubAx: 0n, pubAy: 0n })
  base.set(4, { address: testAddress(4), balance: ALMOST_FULL, nonce: 0n, ...testPublicKey(4) })
  base.set(5, { address: testAddress(5), balance: 1_000n, nonce: MAX_NONCE - 1n, ...testPublicKey(5) })
})

// wtns check / zkey export build snarkjs's shared curve (with worker threads): release it.
afterAll(async () => {
  await releaseCurve()
})

function build(slots: RawSlot[], options: { feeAccountIndex?: bigint; commit?: Partial<PublicValues> } = {}): RawBatch {
  return buildRawBatch({
    tree: base,
    context: context(3n, options.feeAccountIndex ?? 2n),
    slots,
    ...(options.commit ? { commit: options.commit } : {}),
  })
}

async function expectAccepted(batch: RawBatch): Promise<void> {
  await expect(calculateWitness(batch.input, wasm)).resolves.toBeInstanceOf(Uint8Array)
}

async function expectRejected(batch: RawBatch, where: { template: string; line?: number }): Promise<void> {
  const failure = await witnessFailure(batch.input, wasm)
  expect(failure.template).toBe(where.template)
  if (where.line !== undefined) expect(failure.line).toBe(where.line)
}

// Slots the tests start from: account 1 (key 1, nonce 2) and account 2 (key 2) are funded.
function transfer(amount = 100n, fee = 3n, extra: Partial<RawSlot> = {}): RawSlot {
  return { type: 1n, fromIndex: 1n, toIndex: 2n, amount, fee, sign: { key: testKey(1) }, ...extra }
}
function withdrawal(amount = 100n, fee = 3n, extra: Partial<RawSlot> = {}): RawSlot {
  return { type: 2n, fromIndex: 1n, toIndex: 0n, amount, fee, sign: { key: testKey(1) }, ...extra }
}
function priority(type: bigint, index: bigint, amount: bigint, address: bigint, key = { pubAx: 0n, pubAy: 0n }): RawSlot {
  return { type, fromIndex: index, toIndex: 0n, amount, fee: 0n, op: { address, ...key } }
}

describe('controls: the rule-free builder yields accepted witnesses for valid batches', () => {
  it('transfer, withdrawal, deposit, forced exit', async () => {
    await expectAccepted(build([
      transfer(),
      withdrawal(),
      priority(3n, 3n, 50n, testAddress(3)),
      priority(5n, 2n, 0n, testAddress(2)),
    ]))
  })

  it('register key on an empty leaf, deposit with key, self-transfer, fee into a full-ish account', async () => {
    await expectAccepted(build([
      priority(4n, 9n, 0n, testAddress(9), testPublicKey(9)),
      priority(3n, 3n, 1n, testAddress(3), testPublicKey(3)),
      { ...transfer(10n, 2n), toIndex: 1n },
      NOOP_SLOT,
    ], { feeAccountIndex: 4n }))
  })
})

describe('signatures, keys and nonces', () => {
  it('rejects a forged signature (random S)', async () => {
    // Keep the honest R8, replace S by an unrelated scalar below the subgroup order.
    const honest = build([transfer()]).input
    const signature = {
      R8x: (honest.sigR8x as bigint[])[0]!,
      R8y: (honest.sigR8y as bigint[])[0]!,
      S: 0x1234567890abcdef1234567890abcdef1234567890abcdefn % BABYJUB_SUBORDER,
    }
    await expectRejected(build([{ ...transfer(), sign: undefined, signature }]), SIGNATURE)
  })

  it('rejects a signature by another key', async () => {
    await expectRejected(build([transfer(100n, 3n, { sign: { key: testKey(2) } })]), SIGNATURE)
  })

  it('rejects a replayed nonce: a signature made for the previous nonce', async () => {
    await expectRejected(build([transfer(100n, 3n, { sign: { key: testKey(1), nonce: 1n } })]), SIGNATURE)
  })

  it('rejects a replayed nonce: a witness claiming the leaf still has the old nonce', async () => {
    // The signature is valid for nonce 1 and the leaf is presented with nonce 1, but that leaf
    // is not in the state (account 1 is at nonce 2).
    await expectRejected(
      build([transfer(100n, 3n, { sign: { key: testKey(1), nonce: 1n }, presentFrom: { nonce: 1n } })]),
      MERKLE_READ(),
    )
  })

  it('rejects a signature made for another chain', async () => {
    await expectRejected(build([transfer(100n, 3n, { sign: { key: testKey(1), chainId: 1n } })]), SIGNATURE)
  })

  it('rejects an L2 transaction from an account without a key', async () => {
    await expectRejected(
      build([{ type: 1n, fromIndex: 3n, toIndex: 2n, amount: 1n, fee: 1n, sign: { key: testKey(3) } }]),
      at(SLOT, 'isL2 * fromKeyUnset === 0'),
    )
  })

  it('rejects an L2 transaction from an empty account', async () => {
    await expectRejected(
      build([{ type: 2n, fromIndex: 9n, toIndex: 0n, amount: 0n, fee: 0n, sign: { key: testKey(9) } }]),
      at(SLOT, 'isL2 * fromIsEmpty === 0'),
    )
  })
})

describe('amounts, fees and balances', () => {
  it('rejects an overdraft (balance < amount + fee)', async () => {
    const balance = base.get(1).balance
    await expectAccepted(build([transfer(balance - 3n, 3n)]))
    await expectRejected(build([transfer(balance - 2n, 3n)]), RANGE)
  })

  it('rejects an amount that wraps the field (withdraw p − 5: the sender would gain 5)', async () => {
    // Every balance stays in range here: only the amount range check stands in the way.
    await expectRejected(build([withdrawal(p - 5n, 3n)]), RANGE)
  })

  it('rejects an amount that wraps the field in a transfer', async () => {
    await expectRejected(build([transfer(p - 5n, 3n)]), RANGE)
  })

  it('rejects an amount ≥ 2^64', async () => {
    await expectRejected(build([priority(3n, 3n, 1n << 64n, testAddress(3))]), RANGE)
  })

  it('rejects a fee that wraps the field (fee p − 10 would move 10 from the fee account to the sender)', async () => {
    await expectRejected(build([transfer(100n, p - 10n)]), RANGE)
  })

  it('rejects a fee ≥ 2^32', async () => {
    // Account 4 can afford it: only the fee range check is at stake.
    const from4 = (fee: bigint): RawSlot => ({ ...transfer(100n, fee), fromIndex: 4n, sign: { key: testKey(4) } })
    await expectAccepted(build([from4((1n << 32n) - 1n)]))
    await expectRejected(build([from4(1n << 32n)]), RANGE)
  })

  it('rejects a deposit that overflows 64 bits', async () => {
    await expectAccepted(build([priority(3n, 4n, 9n, testAddress(4))]))
    await expectRejected(build([priority(3n, 4n, 10n, testAddress(4))]), RANGE)
  })

  it('rejects a transfer that overflows the recipient', async () => {
    await expectRejected(build([{ ...transfer(10n, 0n), toIndex: 4n }]), RANGE)
  })

  it('rejects fees that overflow the fee account', async () => {
    await expectRejected(build([transfer(1n, 10n)], { feeAccountIndex: 4n }), RANGE)
  })

  it('rejects an account index ≥ 2^16', async () => {
    await expectRejected(build([{ ...transfer(), toIndex: (1n << 16n) + 2n }]), RANGE)
  })
})

describe('priority operations', () => {
  // Two queued ops: a deposit to account 3 and one to account 1. The record (public inputs)
  // carries their packed slots and op data; the contract checked both against its op hashes.
  const opA = () => priority(3n, 3n, 50n, testAddress(3))
  const opB = () => priority(3n, 1n, 60n, testAddress(1), testPublicKey(7))
  const record = (slots: RawSlot[]): Partial<PublicValues> => {
    const { tx, opAddress, opPubAx, opPubAy } = build(slots).computed
    return { tx, opAddress, opPubAx, opPubAy }
  }

  it('accepts the queued ops in order, and their op data are the public inputs (control)', async () => {
    const batch = build([opA(), opB()])
    expect(batch.computed.opAddress).toEqual([testAddress(3), testAddress(1), 0n, 0n])
    expect(batch.computed.opPubAx).toEqual([0n, testPublicKey(7).pubAx, 0n, 0n])
    expect(batch.tree.get(1).pubAx).toBe(testPublicKey(7).pubAx)
    await expectAccepted(batch)
  })

  it('rejects a skipped priority op', async () => {
    await expectRejected(build([opB()], { commit: record([opA(), opB()]) }), PACKED_IS_TX())
  })

  it('rejects reordered priority ops', async () => {
    await expectRejected(build([opB(), opA()], { commit: record([opA(), opB()]) }), PACKED_IS_TX())
  })

  it('rejects a priority slot whose amount differs from the queued op', async () => {
    await expectRejected(build([priority(3n, 3n, 51n, testAddress(3))], { commit: record([opA()]) }), PACKED_IS_TX())
  })

  it('rejects a priority slot that applies another l1Address than its public op data', async () => {
    // A deposit creating account 9 for testAddress(9), while the record says testAddress(8):
    // the circuit writes the public address, so the state the prover's paths describe (the one
    // with testAddress(9)) is not the circuit's any more, and the next read (the fee leaf's)
    // fails against it.
    const applied = priority(3n, 9n, 5n, testAddress(9))
    await expectRejected(build([applied], { commit: record([priority(3n, 9n, 5n, testAddress(8))]) }), MERKLE_READ())
  })

  it('rejects a priority slot that applies another key than its public op data', async () => {
    const applied = priority(4n, 3n, 0n, testAddress(3), testPublicKey(3))
    await expectRejected(
      build([applied], { commit: record([priority(4n, 3n, 0n, testAddress(3), testPublicKey(8))]) }),
      MERKLE_READ(),
    )
    // Dropping the key a deposit carries is refused the same way.
    const keyed = priority(3n, 3n, 5n, testAddress(3), testPublicKey(3))
    await expectRejected(build([{ ...keyed, op: { address: testAddress(3), pubAx: 0n, pubAy: 0n } }], { commit: record([keyed]) }), MERKLE_READ())
  })

  it('rejects a priority op targeting index 0 (a DEPOSIT or REGISTER_KEY there)', async () => {
    await expectAccepted(build([priority(3n, 9n, 5n, testAddress(9))]))
    await expectRejected(build([priority(3n, 0n, 5n, testAddress(9))]), at(SLOT, 'isPriority * fromIndexIsZero === 0'))
    await expectRejected(
      build([priority(4n, 0n, 0n, testAddress(9), testPublicKey(9))]),
      at(SLOT, 'isPriority * fromIndexIsZero === 0'),
    )
  })

  it('rejects a FORCED_EXIT that carries a key', async () => {
    const exit = priority(5n, 2n, 0n, testAddress(2))
    await expectAccepted(build([exit]))
    await expectRejected(build([{ ...exit, op: { address: testAddress(2), ...testPublicKey(2) } }]), at(SLOT, 'isForcedExit * opPubAx === 0'))
    await expectRejected(build([{ ...exit, op: { address: testAddress(2), pubAx: 0n, pubAy: 1n } }]), at(SLOT, 'isForcedExit * opPubAy === 0'))
  })

  it('rejects a deposit into another address’s account', async () => {
    await expectRejected(build([priority(3n, 1n, 50n, testAddress(2))]), at(SLOT, 'isPriority * emptyOrOwned === 0'))
  })

  it('rejects a key registration on another address’s account', async () => {
    await expectRejected(
      build([priority(4n, 1n, 0n, testAddress(2), testPublicKey(2))]),
      at(SLOT, 'isPriority * emptyOrOwned === 0'),
    )
  })

  it('rejects a forced exit by a non-owner', async () => {
    await expectRejected(build([priority(5n, 1n, 0n, testAddress(2))]), at(SLOT, 'isPriority * emptyOrOwned === 0'))
  })

  it('rejects a forced exit of an empty account', async () => {
    await expectRejected(
      build([priority(5n, 9n, 0n, testAddress(9))]),
      at(SLOT, 'isForcedExit * (fromAddress - opAddress) === 0'),
    )
  })

  it('rejects a forced exit that does not pay out the whole balance', async () => {
    const forced = priority(5n, 2n, 0n, testAddress(2))
    const balance = base.get(2).balance
    const exitOf = (amount: bigint) => rawExitRoot([rawHash(testAddress(2), amount), 0n, 0n, 0n])
    // The exit root of the whole balance is what the circuit produces ...
    const whole = exitOf(balance)
    expect(build([forced]).computed.exitRoot).toBe(whole)
    await expectAccepted(build([forced], { commit: { exitRoot: whole } }))
    // ... and an exit of all but 1 gwei (the rest kept on L2) is refused.
    await expectRejected(build([forced], { commit: { exitRoot: exitOf(balance - 1n) } }), EXIT_ROOT())
  })

  it('rejects REGISTER_KEY without a key', async () => {
    await expectRejected(build([priority(4n, 3n, 0n, testAddress(3))]), at(SLOT, 'isRegisterKey * opKeyUnset === 0'))
  })

  it('rejects a priority op from address 0', async () => {
    await expectRejected(build([priority(3n, 9n, 5n, 0n)]), at(SLOT, 'isPriority * opAddressIsZero === 0'))
  })
})

describe('slot shape and state', () => {
  it('rejects a type outside 0..5', async () => {
    await expectRejected(build([{ ...NOOP_SLOT, type: 6n }]), at('circuits/lib/typeflags.circom', 'count === 1'))
  })

  it('rejects a NOOP that carries an amount', async () => {
    await expectRejected(build([{ ...NOOP_SLOT, amount: 5n }]), at(SLOT, 'amount * (isNoop + isRegisterKey + isForcedExit) === 0'))
  })

  it('rejects a NOOP that names an account', async () => {
    await expectRejected(build([{ ...NOOP_SLOT, fromIndex: 1n }]), at(SLOT, 'fromIndex * isNoop === 0'))
  })

  it('rejects a NOOP whose claimed result changes the state', async () => {
    const minted = base.clone()
    minted.set(1, { ...minted.get(1), balance: minted.get(1).balance + 1000n })
    const honest = build([NOOP_SLOT])
    // The fee credit of this batch is 0, so minted.root() is "the same batch plus a mint".
    await expectRejected(build([NOOP_SLOT], { commit: { newStateRoot: minted.root() } }), NEW_STATE_ROOT())
    expect(honest.computed.newStateRoot).toBe(base.root())
  })

  it('rejects a NOOP whose witness presents a changed leaf', async () => {
    await expectRejected(build([{ ...NOOP_SLOT, presentFrom: { balance: 1000n } }]), MERKLE_READ())
  })

  it('rejects a withdrawal that names a recipient', async () => {
    await expectRejected(build([withdrawal(100n, 3n, { toIndex: 2n })]), at(SLOT, 'toIndex * (1 - isTransfer) === 0'))
  })

  it('rejects a deposit that charges a fee', async () => {
    await expectRejected(
      build([{ ...priority(3n, 3n, 50n, testAddress(3)), fee: 1n }]),
      at(SLOT, 'fee * (1 - isL2) === 0'),
    )
  })

  it('rejects a transfer to an empty account', async () => {
    await expectRejected(build([{ ...transfer(), toIndex: 9n }]), at(SLOT, 'isTransfer * toIsEmpty === 0'))
  })

  it('rejects fees > 0 credited to a missing fee account', async () => {
    await expectAccepted(build([priority(3n, 3n, 1n, testAddress(3))], { feeAccountIndex: 9n }))
    await expectRejected(
      build([transfer()], { feeAccountIndex: 9n }),
      at(BATCH, '(1 - feeSumIsZero) * feeAccountIsEmpty === 0'),
    )
  })

  it('rejects a fee credit other than the sum of the fees', async () => {
    const honest = build([transfer(100n, 3n)])
    const greedy = honest.tree.clone()
    greedy.set(2, { ...greedy.get(2), balance: greedy.get(2).balance + 1n })
    await expectRejected(build([transfer(100n, 3n)], { commit: { newStateRoot: greedy.root() } }), NEW_STATE_ROOT())
  })
})

describe('public inputs', () => {
  it('are §7.1\'s 23 values in its order: no outputs, the public inputs declared first', async () => {
    const circuit = await compiledForTests()
    const info = await snarkjs.r1cs.info(circuit.r1cs)
    expect([info.nOutputs, info.nPubInputs]).toEqual([0, 23])
    // Distinct values everywhere (two priority slots with keys), so a permutation would show.
    const batch = build([
      priority(3n, 3n, 50n, testAddress(3), testPublicKey(3)), transfer(), priority(4n, 9n, 0n, testAddress(9), testPublicKey(9)), withdrawal(),
    ])
    const wtns = await calculateWitness(batch.input, wasm)
    expect(publicSignals(wtns, 23)).toEqual(batch.publicInputs)
    expect(batch.publicInputs.slice(0, 7)).toEqual([
      DOMAIN.chainId, DOMAIN.rollupAddress, 3n, 2n, base.root(), batch.computed.newStateRoot, batch.computed.exitRoot,
    ])
    expect(batch.publicInputs.slice(7 + 2 * RAW_SLOTS, 7 + 3 * RAW_SLOTS)).toEqual([testPublicKey(3).pubAx, 0n, testPublicKey(9).pubAx, 0n])
    const names = [
      ...PUBLIC_SCALARS,
      ...PUBLIC_VECTORS.flatMap((name) => Array.from({ length: RAW_SLOTS }, (_, j) => `${name}[${j}]`)),
    ]
    expect(names.map((name) => signalIndex(circuit.sym, `main.${name}`))).toEqual(names.map((_, i) => i + 1))
  })

  it('rejects a wrong old state root', async () => {
    await expectRejected(build([transfer()], { commit: { oldStateRoot: afterBatch1 } }), MERKLE_READ())
  })

  it('rejects a wrong exit root (the withdrawal left out)', async () => {
    const without = build([NOOP_SLOT]).computed.exitRoot
    await expectRejected(build([withdrawal()], { commit: { exitRoot: without } }), EXIT_ROOT())
  })

  it('rejects a public transaction other than the one the slot applies', async () => {
    const other = build([transfer(101n)]).computed.tx
    await expectRejected(build([transfer(100n)], { commit: { tx: other } }), PACKED_IS_TX())
  })

  it('rejects another chain or fee account index', async () => {
    // chainId and rollupAddress are in every txHash; the fee index is the fee leaf's path.
    await expectRejected(build([transfer()], { commit: { chainId: 1n } }), SIGNATURE)
    await expectRejected(build([transfer()], { commit: { rollupAddress: DOMAIN.rollupAddress + 1n } }), SIGNATURE)
    await expectRejected(build([transfer()], { commit: { feeAccountIndex: 1n } }), MERKLE_READ())
  })

  it('rejects each public input changed by one, except batchNumber (bound by the proof, batch.test.ts)', async () => {
    const batch = build([transfer(), priority(3n, 3n, 50n, testAddress(3)), withdrawal(), NOOP_SLOT])
    await expectAccepted(batch)
    const names = [
      ...PUBLIC_SCALARS.filter((name) => name !== 'batchNumber'),
      ...PUBLIC_VECTORS.flatMap((name) => Array.from({ length: RAW_SLOTS }, (_, j) => `${name}[${j}]`)),
    ]
    expect(names).toHaveLength(22)
    for (const name of names) {
      const [, vector, index] = /^(\w+)\[(\d)\]$/.exec(name) ?? []
      const input = { ...batch.input }
      if (vector) {
        const values = [...(input[vector] as bigint[])]
        values[Number(index)] = (values[Number(index)]! + 1n) % p
        input[vector] = values
      } else {
        input[name] = ((input[name] as bigint) + 1n) % p
      }
      await expect(witnessFailure(input, wasm), name).resolves.toMatchObject({ template: expect.any(String) })
    }
  })
})

describe('op data of non-priority slots', () => {
  it('rejects op data on a transfer, a NOOP or a withdrawal', async () => {
    const op = (address: bigint, pubAx: bigint, pubAy: bigint) => ({ op: { address, pubAx, pubAy } })
    await expectRejected(build([transfer(100n, 3n, op(testAddress(1), 0n, 0n))]), at(SLOT, '(1 - isPriority) * opAddress === 0'))
    await expectRejected(build([{ ...NOOP_SLOT, ...op(0n, 5n, 0n) }]), at(SLOT, '(1 - isPriority) * opPubAx === 0'))
    await expectRejected(build([withdrawal(100n, 3n, op(0n, 0n, 5n))]), at(SLOT, '(1 - isPriority) * opPubAy === 0'))
  })
})

describe('nonces', () => {
  it('rejects a transaction at nonce 2^32 − 1 (the new nonce would not fit 32 bits)', async () => {
    const from5 = (): RawSlot => ({ ...transfer(10n, 1n), fromIndex: 5n, sign: { key: testKey(5) } })
    // Account 5 is at nonce 2^32 − 2: its transaction is accepted and leaves it at 2^32 − 1 ...
    const last = build([from5()])
    expect(last.tree.get(5).nonce).toBe(MAX_NONCE)
    await expectAccepted(last)
    // ... where the next one has no witness.
    await expectRejected(buildRawBatch({ tree: last.tree, context: context(4n, 2n), slots: [from5()] }), RANGE)
  })
})

describe('`<--` signals: the type flags', () => {
  // TxTypeFlags computes flag[k] with `<--` (no constraint by itself). Three kinds of lie a
  // prover could try, for a slot of type t: no flag, another type's flag, and non-boolean
  // flags that still sum to 1 with Σ k·flag[k] = t (only the booleanity constraint stops it).
  const lies: { name: string; flags: (t: number) => bigint[] }[] = [
    { name: 'no flag set', flags: () => [0n, 0n, 0n, 0n, 0n, 0n] },
    { name: 'another type flagged', flags: (t) => oneHot((t + 1) % 6) },
    {
      name: 'non-boolean flags with the right sum and weight',
      // (1, −2, 1) on three consecutive types other than t adds 0 to the sum and 0 to the weight.
      flags: (t) => {
        const flags = oneHot(t)
        const first = t <= 2 ? 3 : 0
        flags[first] = 1n
        flags[first + 1] = -2n
        flags[first + 2] = 1n
        return flags
      },
    },
  ]
  const oneHot = (t: number): bigint[] => [0, 1, 2, 3, 4, 5].map((k) => (k === t ? 1n : 0n))
  /** Write the lie into the witness; flags --O2 eliminated (null index) follow from the others. */
  const mutate = (wtns: Uint8Array, indices: (number | null)[], flags: bigint[]): Uint8Array =>
    flags.reduce((w, v, k) => {
      const index = indices[k]
      return index === null || index === undefined ? w : withWitnessValue(w, index, ((v % p) + p) % p)
    }, wtns)
  const flagValues = (wtns: Uint8Array, indices: (number | null)[]) =>
    indices.flatMap((i) => (i === null ? [] : [witnessValue(wtns, i)]))

  it('the template alone rejects each lie, so its own constraints catch them', async () => {
    const circuit = await compileCircuit(join(BUILD_DIR, 'test-typeflags'), 'circuits/testing/typeflags_main.circom')
    const indices = [0, 1, 2, 3, 4, 5].map((k) => signalIndex(circuit.sym, `main.flag[${k}]`))
    for (const type of [0, 1, 2, 3, 4, 5]) {
      const wtns = await calculateWitness({ txType: type }, circuit.wasm)
      expect(indices).not.toContain(null)
      expect(flagValues(wtns, indices)).toEqual(oneHot(type))
      expect(await witnessSatisfies(circuit.r1cs, wtns)).toBe(true)
      for (const lie of lies) {
        expect(await witnessSatisfies(circuit.r1cs, mutate(wtns, indices, lie.flags(type))), `${lie.name}, type ${type}`).toBe(false)
      }
    }
  })

  it('the full circuit rejects a mutated flag in a computed witness', async () => {
    const circuit = await compiledForTests()
    const batch = build([transfer(), priority(3n, 3n, 50n, testAddress(3))])
    const wtns = await calculateWitness(batch.input, circuit.wasm)
    expect(await witnessSatisfies(circuit.r1cs, wtns)).toBe(true)
    for (const [slot, type] of [[0, 1], [1, 3]] as const) {
      const indices = [0, 1, 2, 3, 4, 5].map((k) => signalIndex(circuit.sym, `main.slot[${slot}].flag[${k}]`))
      // --O2 keeps flags 0–3 and expresses 4 and 5 through the sum and weight constraints.
      expect(flagValues(wtns, indices)).toEqual(oneHot(type).slice(0, 4))
      for (const lie of lies) {
        expect(await witnessSatisfies(circuit.r1cs, mutate(wtns, indices, lie.flags(type))), `${lie.name}, slot ${slot}`).toBe(false)
      }
    }
  })
})

describe('liveness: a key chosen to break circomlib’s verifier cannot stall the priority queue', () => {
  it('circomlib’s EdDSAPoseidonVerifier alone cannot even compute a disabled witness for it', async () => {
    const key = montgomeryBreakingKey()
    const eightfold = babyDouble(babyDouble(babyDouble([key.pubAx, key.pubAy])))
    expect(eightfold[1]).toBe(p - 1n) // y = −1: the Montgomery v is 0
    expect(eightfold[0]).not.toBe(0n) // and x ≠ 0, so circomlib's zero-point escape does not apply
    const verifier = await compileCircuit(join(BUILD_DIR, 'test-eddsa'), 'circuits/testing/eddsa_main.circom')
    const disabled = { enabled: 0n, S: 0n, R8x: 0n, R8y: 0n, M: 12345n }
    await expect(calculateWitness({ ...disabled, Ax: 0n, Ay: 0n }, verifier.wasm)).resolves.toBeInstanceOf(Uint8Array)
    const failure = await witnessFailure({ ...disabled, Ax: key.pubAx, Ay: key.pubAy }, verifier.wasm)
    expect(failure.template).toBe('MontgomeryDouble')
  })

  it('the batch circuit registers that key, then deposits to and force-exits the account', async () => {
    const key = montgomeryBreakingKey()
    await expectAccepted(build([
      priority(4n, 3n, 0n, testAddress(3), key),
      priority(3n, 3n, 25n, testAddress(3)),
      priority(4n, 3n, 0n, testAddress(3), testPublicKey(3)),
      priority(5n, 3n, 0n, testAddress(3)),
    ]))
    // And with the key already in the state (the registration in an earlier batch).
    const before = base.clone()
    before.set(3, { ...before.get(3), ...key })
    await expectAccepted(buildRawBatch({
      tree: before,
      context: context(3n, 2n),
      slots: [priority(3n, 3n, 25n, testAddress(3)), priority(5n, 3n, 0n, testAddress(3))],
    }))
  })
})
