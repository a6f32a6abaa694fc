// A prover job's circuit input is made by executing the stored batch again over the state its
// parent left. It must satisfy the circuit (the witness generator checks every constraint) for
// every kind of slot, after later batches rewrote the same accounts, and refuse what does not
// reproduce the stored batch.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as snarkjs from 'snarkjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deposit, registerKey, signed, transfer, withdraw } from '../../src/protocol/testing/fixtures'
import { HistoryPrunedError } from '../store/relayStorage'
import type { BatchRecord } from '../store/records'
import { openTestNode, type TestNode } from '../testNode'
import { batchCircuitInput } from './batchCircuitInput'
import { ProverInputError } from './errors'

const wasm = new Uint8Array(readFileSync(fileURLToPath(new URL('../../circuits/artifacts/batch.wasm', import.meta.url))))

/** Throws when the circuit rejects the input (circom's witness generator asserts each constraint). */
const satisfiesCircuit = (input: unknown) => snarkjs.wtns.calculate(input as never, wasm, { type: 'mem' })

let node: TestNode
let batches: BatchRecord[] = []

beforeAll(async () => {
  node = await openTestNode({ accounts: 4 })
  // Transfers both ways, a withdrawal, a second deposit and a key change: later batches rewrite
  // the accounts the earlier ones wrote, so each input must come from the state of its own time.
  const sends = [signed(transfer(2, 3, 5n, 1n, 0n), 2), signed(transfer(3, 2, 7n, 2n, 0n), 3), signed(withdraw(2, 9n, 1n, 1n), 2), signed(transfer(4, 2, 1n, 1n, 0n), 4)]
  for (const tx of sends) {
    const next = node.nextBatch()
    await node.pool.submit(tx)
    await next
  }
  const more = node.nextBatch()
  node.ops.push(deposit(2, 11n), registerKey(3, 33))
  await more
  const last = node.nextBatch()
  await node.pool.submit(signed(transfer(2, 4, 3n, 1n, 2n), 2))
  await last
  batches = []
  for (let n = 1; n <= node.sequencer.head.number; n++) batches.push((await node.storage.getBatch(n))!)
}, 120_000)

afterAll(async () => {
  await node?.close()
})

describe('batchCircuitInput', () => {
  it('makes an input the circuit accepts for every stored batch: deposits, transfers, a withdrawal, a key registration', async () => {
    const kinds = new Set(batches.flatMap((b) => b.slots.map((s) => `${s.kind}:${s.type}`)))
    expect([...kinds].sort()).toEqual(['l2:1', 'l2:2', 'priority:3', 'priority:4'])
    for (const batch of batches) {
      const input = (await batchCircuitInput(node.storage, node.domain, batch)) as Record<string, unknown>
      expect(input.oldStateRoot, `batch ${batch.number}`).toBe(batch.oldStateRoot.toString())
      expect(input.newStateRoot, `batch ${batch.number}`).toBe(batch.stateRoot.toString())
      await satisfiesCircuit(input)
    }
  })

  it('refuses a batch its slots do not reproduce, and a witness with a wrong signature fails the circuit', async () => {
    const batch = batches.find((b) => b.slots.some((s) => s.kind === 'l2'))!
    const slot = batch.slots.findIndex((s) => s.kind === 'l2')
    const amountChanged = { ...batch, slots: batch.slots.map((s, i) => (i === slot ? { ...s, amount: s.amount + 1n } : s)) }
    await expect(batchCircuitInput(node.storage, node.domain, amountChanged)).rejects.toThrow(ProverInputError)
    const wrongRoot = { ...batch, stateRoot: batch.stateRoot ^ 1n }
    await expect(batchCircuitInput(node.storage, node.domain, wrongRoot)).rejects.toThrow(/state root/)
    const signature = batch.slots[slot]!.signature!
    const badSignature = { ...batch, slots: batch.slots.map((s, i) => (i === slot ? { ...s, signature: { ...signature, S: signature.S ^ 1n } } : s)) }
    await expect(satisfiesCircuit(await batchCircuitInput(node.storage, node.domain, badSignature))).rejects.toThrow()
  })

  it('throws HistoryPrunedError once the state before the batch is no longer kept', async () => {
    const head = node.sequencer.head.number
    await node.storage.pruneHistory(head - 1)
    await expect(batchCircuitInput(node.storage, node.domain, batches[head - 3]!)).rejects.toThrow(HistoryPrunedError)
    await satisfiesCircuit(await batchCircuitInput(node.storage, node.domain, batches[head - 1]!))
  })
})
