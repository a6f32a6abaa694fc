// The priority queue and the account index registry (docs/PROTOCOL.md §2.2, §5.1, §5.2, §5.4):
// deposits through the Bridge, registerKey and forcedExit on the Rollup, op hashes and spaced
// deadlines, every guard with its exact error.
import { parseEther, toHex, type Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { bridgeAbi, rollupAbi } from '../generated/abis'
import { ACCOUNT_TREE_DEPTH, BATCH_SLOTS, EXIT_TREE_DEPTH, SNARK_SCALAR_FIELD, TxType } from '../../src/protocol/constants'
import { emptyStateRoot } from '../../src/protocol/tree/zeroHashes'
import { fixture } from './helpers/fixtures'
import {
  GWEI,
  constructorRevert,
  deposit,
  expectRevert,
  forcedExit,
  mined,
  registerKey,
  rollupTestAbi,
  type Lantern,
} from './helpers/lantern'
import { useLantern } from './helpers/useLantern'

let L: Lantern

useLantern({ verifier: 'mock' }, (lantern) => {
  L = lantern
})

const KEY_A = [123n, 456n] as const

function read<const F extends string>(functionName: F, args: readonly unknown[] = []) {
  return L.publicClient.readContract({ address: L.rollup, abi: rollupAbi, functionName: functionName as never, args: args as never })
}

describe('deployment', () => {
  it('wires Rollup and Bridge to each other and starts from the empty tree', async () => {
    expect(await L.publicClient.readContract({ address: L.bridge, abi: bridgeAbi, functionName: 'rollup' })).toBe(L.rollup)
    expect(await read('sequencer')).toBe(L.sequencer)
    expect(await read('verifier')).toBe(L.verifier)
    expect(await read('priorityDeadlineBlocks')).toBe(L.deadlineBlocks)
    expect(await read('provingBlocksPerBatch')).toBe(L.provingBlocks)
    expect(await read('ACCOUNT_TREE_DEPTH')).toBe(BigInt(ACCOUNT_TREE_DEPTH))
    expect(await read('EXIT_TREE_DEPTH')).toBe(BigInt(EXIT_TREE_DEPTH))
    expect(await read('BATCH_SLOTS')).toBe(BigInt(BATCH_SLOTS))
    // The genesis root the Rollup starts from (a constant: no Poseidon runs there) is src/protocol's Z[16].
    expect(await read('lastVerifiedStateRoot')).toBe(emptyStateRoot())
    expect(await read('accInputHashAt', [0n])).toBe(`0x${'00'.repeat(32)}`)
    expect(await read('lastSequencedBatch')).toBe(0n)
    expect(await read('lastVerifiedBatch')).toBe(0n)
    expect(await read('priorityOpCount')).toBe(0n)
    expect(await read('frozen')).toBe(false)
  })

  it('refuses a verifier without code, a zero sequencer, a zero deadline or proving rate', async () => {
    const zero = '0x0000000000000000000000000000000000000000'
    // eth_call of the creation code runs from the sequencer at its current nonce: bind a verifier there.
    const nonce = await L.publicClient.getTransactionCount({ address: L.sequencer })
    const mock = fixture('MockVerifier')
    const bound = async (chainId: bigint, rollupNonce: number) => {
      const { getContractAddress } = await import('viem')
      const hash = await L.wallet(L.sequencer).deployContract({ abi: mock.abi, bytecode: mock.bytecode, args: [chainId, getContractAddress({ from: L.sequencer, nonce: BigInt(rollupNonce) })] })
      return (await mined(L, hash)).contractAddress!
    }
    // The verifier deployment takes nonce `nonce`; the simulated Rollup creation then runs at nonce + 1.
    const good = await bound(BigInt(L.chain.id), nonce + 1)
    expect(await constructorRevert(L, 'Rollup', [L.alice, L.sequencer, 100n, 6n])).toBe('Rollup__InvalidConfig') // an EOA is no verifier
    expect(await constructorRevert(L, 'Rollup', [good, zero, 100n, 6n])).toBe('Rollup__InvalidConfig')
    expect(await constructorRevert(L, 'Rollup', [good, L.sequencer, 0n, 6n])).toBe('Rollup__InvalidConfig')
    expect(await constructorRevert(L, 'Rollup', [good, L.sequencer, 100n, 0n])).toBe('Rollup__InvalidConfig')
    // A verifier bound to this deployment's existing Rollup, or to another chain, is refused too.
    expect(await constructorRevert(L, 'Rollup', [L.verifier, L.sequencer, 100n, 6n])).toBe('Rollup__InvalidConfig')
    const otherChain = await bound(1n, nonce + 2)
    expect(await constructorRevert(L, 'Rollup', [otherChain, L.sequencer, 100n, 6n])).toBe('Rollup__InvalidConfig')
  })
})

describe('deposit', () => {
  it('assigns index 1 to the first recipient, queues a DEPOSIT and stores its op hash exactly as src/protocol computes it', async () => {
    const receipt = await mined(L, deposit(L, L.alice, L.bob, parseEther('1.5')))
    const [op] = await L.model.syncOps()
    expect(op).toMatchObject({ opIndex: 0, opType: TxType.DEPOSIT, accountIndex: 1, l1Address: BigInt(L.bob), amount: 1_500_000_000n })
    // §5.4 on an empty queue: one batch ahead (the op's own).
    expect(op!.deadline).toBe(receipt.blockNumber + L.deadlineBlocks + L.provingBlocks)
    expect(await read('deadlineOf', [0n])).toBe(op!.deadline)
    expect(await read('opHash', [0n])).toBe(op!.opHash)
    expect(await read('priorityOpCount')).toBe(1n)
    expect(await read('accountIndexOf', [L.bob])).toBe(1)
    expect(await read('accountIndexOf', [L.alice])).toBe(0) // the payer gets no account
    // The payer is stored because it is not the recipient; a refund needs it.
    expect(await L.publicClient.readContract({ address: L.bridge, abi: bridgeAbi, functionName: 'payerOf', args: [0n] })).toBe(L.alice)

    const registered = await L.publicClient.getContractEvents({ address: L.rollup, abi: rollupAbi, eventName: 'AccountRegistered', args: { l1Address: L.bob } })
    expect(registered.map((e) => e.args.accountIndex)).toEqual([1])
    const deposited = await L.publicClient.getContractEvents({ address: L.bridge, abi: bridgeAbi, eventName: 'Deposited', args: { to: L.bob } })
    expect(deposited.map((e) => [e.args.opIndex, e.args.from, e.args.amount])).toEqual([[0n, L.alice, 1_500_000_000n]])
  })

  it('keeps an address on its index and gives the next address the next index', async () => {
    await mined(L, deposit(L, L.alice, L.bob, GWEI))
    await mined(L, deposit(L, L.carol, L.carol, 2n * GWEI))
    await mined(L, deposit(L, L.alice, L.bob, 3n * GWEI))
    const ops = await L.model.syncOps()
    expect(ops.map((o) => [o.accountIndex, o.amount])).toEqual([
      [1, 1n],
      [2, 2n],
      [1, 3n],
    ])
    expect(await read('accountCount')).toBe(2)
    for (const op of ops) expect(await read('opHash', [BigInt(op.opIndex)])).toBe(op.opHash)
    // Deposits to oneself store no payer word: the op's address is the payer.
    expect(await L.publicClient.readContract({ address: L.bridge, abi: bridgeAbi, functionName: 'payerOf', args: [1n] })).toBe(
      '0x0000000000000000000000000000000000000000',
    )
  })

  it('sets the depositor’s own key in the same op, and a zero-value deposit with a key is a REGISTER_KEY', async () => {
    await mined(L, deposit(L, L.alice, L.alice, GWEI, KEY_A))
    await mined(L, deposit(L, L.bob, L.bob, 0n, KEY_A))
    const ops = await L.model.syncOps()
    expect(ops.map((o) => [o.opType, o.amount, o.pubAx, o.pubAy])).toEqual([
      [TxType.DEPOSIT, 1n, KEY_A[0], KEY_A[1]],
      [TxType.REGISTER_KEY, 0n, KEY_A[0], KEY_A[1]],
    ])
    for (const op of ops) expect(await read('opHash', [BigInt(op.opIndex)])).toBe(op.opHash)
  })

  it('refuses the zero address, fractions of a gwei, nothing at all and keys for someone else', async () => {
    await expectRevert(deposit(L, L.alice, '0x0000000000000000000000000000000000000000', GWEI), 'Bridge__ZeroAddress')
    await expectRevert(deposit(L, L.alice, L.bob, GWEI + 1n), 'Bridge__NotWholeGwei', [GWEI + 1n])
    await expectRevert(deposit(L, L.alice, L.bob, 1n), 'Bridge__NotWholeGwei', [1n])
    await expectRevert(deposit(L, L.alice, L.bob, 0n), 'Bridge__ZeroDeposit')
    // Setting a key takes control of the account's funds: only its L1 owner may.
    await expectRevert(deposit(L, L.alice, L.bob, GWEI, KEY_A), 'Bridge__KeyForAnotherAccount')
    await expectRevert(deposit(L, L.alice, L.bob, 0n, KEY_A), 'Bridge__KeyForAnotherAccount')
    expect(await read('priorityOpCount')).toBe(0n)
  })

  it('refuses deposits to the Bridge or the Rollup, whose ETH nobody could ever withdraw', async () => {
    // On main before v2 both were accepted: the leaf's owner is a contract that cannot call claim,
    // escapeWithdraw pays the leaf's address, and a deposit to oneself has no other payer to refund.
    await expectRevert(deposit(L, L.alice, L.bridge, GWEI), 'Bridge__InvalidRecipient', [L.bridge])
    await expectRevert(deposit(L, L.alice, L.rollup, GWEI), 'Bridge__InvalidRecipient', [L.rollup])
    expect(await read('priorityOpCount')).toBe(0n)
    expect(await read('accountIndexOf', [L.bridge])).toBe(0)
  })

  it('refuses 2^64 gwei and keys that are not canonical field elements', async () => {
    const limit = (1n << 64n) * GWEI
    await L.testClient.setBalance({ address: L.alice, value: limit * 2n })
    await expectRevert(deposit(L, L.alice, L.bob, limit), 'Bridge__AmountTooLarge', [1n << 64n])
    await mined(L, deposit(L, L.alice, L.bob, limit - GWEI)) // the largest amount fits
    await expectRevert(deposit(L, L.alice, L.alice, GWEI, [SNARK_SCALAR_FIELD, 1n]), 'Rollup__InvalidFieldElement', [SNARK_SCALAR_FIELD])
    await expectRevert(deposit(L, L.alice, L.alice, GWEI, [1n, SNARK_SCALAR_FIELD + 1n]), 'Rollup__InvalidFieldElement', [SNARK_SCALAR_FIELD + 1n])
  })

  it('lets only the Bridge enqueue deposits', async () => {
    await expectRevert(
      L.wallet(L.stranger).writeContract({ address: L.rollup, abi: rollupTestAbi, functionName: 'enqueueDeposit', args: [L.stranger, 1000n, 0n, 0n] }),
      'Rollup__NotBridge',
    )
  })

  it('stops assigning indices when the 16-bit tree is full', async () => {
    // Reaching 65,535 accounts by transactions would take minutes: set the counter instead. Slot 0 packs
    // lastSequencedBatch (8 bytes) | lastVerifiedBatch (8) | accountCount (4) | frozen (1), low bytes first.
    await mined(L, deposit(L, L.alice, L.bob, GWEI))
    const slot0 = BigInt(await L.publicClient.getStorageAt({ address: L.rollup, slot: toHex(0n, { size: 32 }) }) ?? '0x0')
    const full = (slot0 & ~(0xffffffffn << 128n)) | (65535n << 128n)
    await L.testClient.setStorageAt({ address: L.rollup, index: toHex(0n, { size: 32 }), value: toHex(full, { size: 32 }) })
    expect(await read('accountCount')).toBe(65535) // the layout assumption holds, or this test fails here
    await expectRevert(deposit(L, L.alice, L.carol, GWEI), 'Rollup__AccountTreeFull')
    await expectRevert(registerKey(L, L.carol, KEY_A), 'Rollup__AccountTreeFull')
    await mined(L, deposit(L, L.alice, L.bob, GWEI)) // an existing account still receives deposits
  })
})

describe('registerKey and forcedExit', () => {
  it('registerKey queues REGISTER_KEY for msg.sender, assigning an index if needed', async () => {
    await mined(L, registerKey(L, L.carol, KEY_A))
    const [op] = await L.model.syncOps()
    expect(op).toMatchObject({ opType: TxType.REGISTER_KEY, accountIndex: 1, l1Address: BigInt(L.carol), amount: 0n, pubAx: KEY_A[0], pubAy: KEY_A[1] })
    expect(await read('opHash', [0n])).toBe(op!.opHash)
  })

  it('registerKey refuses the zero key and non-canonical keys', async () => {
    await expectRevert(registerKey(L, L.carol, [0n, 0n]), 'Rollup__ZeroKey')
    await expectRevert(registerKey(L, L.carol, [SNARK_SCALAR_FIELD + 7n, 1n]), 'Rollup__InvalidFieldElement', [SNARK_SCALAR_FIELD + 7n])
  })

  it('forcedExit needs an existing account and queues FORCED_EXIT with no amount or key', async () => {
    await expectRevert(forcedExit(L, L.bob), 'Rollup__UnknownAccount', [L.bob])
    await mined(L, deposit(L, L.alice, L.bob, GWEI))
    await mined(L, forcedExit(L, L.bob))
    const ops = await L.model.syncOps()
    expect(ops[1]).toMatchObject({ opType: TxType.FORCED_EXIT, accountIndex: 1, l1Address: BigInt(L.bob), amount: 0n, pubAx: 0n, pubAy: 0n })
    expect(await read('opHash', [1n])).toBe(ops[1]!.opHash)
  })

  it('emits PriorityOpQueued filterable by l1Address', async () => {
    await mined(L, deposit(L, L.alice, L.bob, GWEI))
    await mined(L, registerKey(L, L.carol, KEY_A))
    const forCarol = await L.publicClient.getContractEvents({
      address: L.rollup,
      abi: rollupAbi,
      eventName: 'PriorityOpQueued',
      args: { l1Address: L.carol as Address },
      fromBlock: 0n,
    })
    expect(forCarol.map((e) => e.args.opIndex)).toEqual([1n])
  })
})

describe('deadlines (§5.4)', () => {
  it('space a backlog by the proving rate: op k waits ceil((k − v + 1) / 4) batches, and never decrease', async () => {
    await mined(L, deposit(L, L.alice, L.alice, GWEI))
    await L.testClient.setAutomine(false)
    try {
      // Nine ops in one block (one from each of several addresses) share b; their deadlines step every four ops.
      const hashes: `0x${string}`[] = []
      for (let i = 0; i < 9; i++) hashes.push(await registerKey(L, L.alice, [BigInt(i + 1), 1n]))
      await L.testClient.mine({ blocks: 1 })
      for (const h of hashes) await mined(L, h)
    } finally {
      await L.testClient.setAutomine(true)
    }
    const ops = await L.model.syncOps()
    const b = ops[1]!.queuedAt
    const expected = (k: number) => b + L.deadlineBlocks + BigInt(Math.ceil((k + 1) / 4)) * L.provingBlocks
    for (const op of ops.slice(1)) {
      expect(op.queuedAt).toBe(b)
      expect(op.deadline).toBe(expected(op.opIndex))
      expect(await read('deadlineOf', [BigInt(op.opIndex)])).toBe(op.deadline)
    }
    // Op 0, queued alone a block earlier, keeps its own earlier deadline: later floods cannot move it.
    expect(ops[0]!.deadline).toBe(ops[0]!.queuedAt + L.deadlineBlocks + L.provingBlocks)
    expect(ops[0]!.deadline).toBeLessThan(ops[1]!.deadline)
  })

  it('never hands out a deadline below the previous one', async () => {
    // A flood raises the last deadline; an op queued after the flood is verified cannot get an earlier one.
    await mined(L, deposit(L, L.alice, L.alice, GWEI))
    for (let i = 0; i < 8; i++) await mined(L, registerKey(L, L.alice, [BigInt(i + 1), 1n]))
    const ops = await L.model.syncOps()
    for (let k = 1; k < ops.length; k++) expect(ops[k]!.deadline).toBeGreaterThanOrEqual(ops[k - 1]!.deadline)
  })
})
