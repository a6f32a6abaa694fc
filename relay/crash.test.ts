// Crash safety with a real process: the relay is SIGKILLed while it accepts transactions and
// while it sequences them, and restarted over the same data dir. Afterwards every acknowledged
// transaction is included exactly once, batches chain without a gap or a repeat, and every
// sender's nonces were consumed in order.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCrypto } from '../src/protocol/crypto/loadCrypto'
import { bigintToAddress } from '../src/protocol/field'
import { signed, testAddress, transfer } from '../src/protocol/testing/fixtures'
import { type L2TxJson, serializeL2Tx } from '../src/protocol/tx/l2TxJson'

const SENDERS = [2, 3, 4, 5]
const PER_SENDER = 12
const dataDir = mkdtempSync(join(tmpdir(), 'lantern-crash-'))
let child: ChildProcess | undefined
afterAll(() => {
  child?.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

async function startChild(port: number): Promise<void> {
  child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash.child.ts')], {
    env: { ...process.env, LANTERN_RELAY_PORT: String(port), LANTERN_RELAY_DATA_DIR: dataDir, CRASH_ACCOUNTS: '5' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    child!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
    child!.once('exit', (code) => reject(new Error(`relay exited with ${code}`)))
  })
}

function kill(): Promise<void> {
  const c = child!
  child = undefined
  return new Promise((resolve) => {
    c.once('exit', () => resolve())
    c.kill('SIGKILL')
  })
}

async function rpc(port: number, method: string, params: unknown[] = []): Promise<{ result?: unknown; error?: { data?: { code?: string } } }> {
  const res = await fetch(`http://127.0.0.1:${port}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  return res.json() as never
}

describe('crash safety (SIGKILL)', () => {
  it('loses no acknowledged transaction and sequences no batch twice', { timeout: 60_000 }, async () => {
    await loadCrypto()
    const txs = new Map<number, L2TxJson[]>(SENDERS.map((from) => [from, Array.from({ length: PER_SENDER }, (_, n) => serializeL2Tx(signed(transfer(from, 1, 1n, 1n, BigInt(n)), from)))]))
    const acked = new Set<string>()
    const next = new Map(SENDERS.map((s) => [s, 0]))
    const port = await freePort()

    // Each sender submits in nonce order; a failed request (the process died) is retried after the restart.
    const submitAll = (stopAfter: number) =>
      Promise.all(
        SENDERS.map(async (from) => {
          while (next.get(from)! < PER_SENDER && acked.size < stopAfter) {
            const json = txs.get(from)![next.get(from)!]!
            let answer
            try {
              answer = await rpc(port, 'lantern_sendTransaction', [json])
            } catch {
              return // connection refused or reset: the relay is down
            }
            const hash = (answer.result as { hash?: string } | undefined)?.hash
            if (hash) acked.add(hash)
            else if (answer.error?.data?.code !== 'NONCE_TOO_LOW') throw new Error(JSON.stringify(answer.error))
            next.set(from, next.get(from)! + 1)
          }
        }),
      )

    await startChild(port)
    // 1. Killed while accepting: requests are in flight when the process dies.
    const accepting = submitAll(Infinity)
    while (acked.size < 15) await new Promise((r) => setTimeout(r, 2))
    await kill()
    await accepting
    const ackedBeforeFirstKill = acked.size

    // 2. Killed while sequencing: right after a burst, with batches being cut and committed.
    await startChild(port)
    await submitAll(Infinity)
    await new Promise((r) => setTimeout(r, 15))
    await kill()

    await startChild(port)
    await submitAll(Infinity) // whatever was not acknowledged before
    for (let i = 0; i < 200; i++) {
      const status = (await rpc(port, 'lantern_poolStatus')).result as { pending: number; queued: number }
      if (status.pending + status.queued === 0) break
      await new Promise((r) => setTimeout(r, 50))
    }

    expect(ackedBeforeFirstKill).toBeGreaterThanOrEqual(15)
    for (const hash of acked) expect((await rpc(port, 'eth_getTransactionReceipt', [hash])).result, hash).not.toBeNull()
    const head = Number((await rpc(port, 'eth_blockNumber')).result)
    const seen = new Set<string>()
    const nonces = new Map<string, bigint[]>()
    let parent = ((await rpc(port, 'eth_getBlockByNumber', ['0x0', false])).result as { hash: string }).hash
    for (let n = 1; n <= head; n++) {
      const block = (await rpc(port, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, true])).result as { parentHash: string; hash: string; transactions: { hash: string; from: string; nonce: string; input: string }[] }
      expect(block.parentHash).toBe(parent)
      parent = block.hash
      for (const tx of block.transactions) {
        expect(seen.has(tx.hash)).toBe(false)
        seen.add(tx.hash)
        if (tx.input.length > 2 && BigInt(tx.input) % 8n === 1n) nonces.set(tx.from, [...(nonces.get(tx.from) ?? []), BigInt(tx.nonce)])
      }
    }
    for (const from of SENDERS) {
      const address = bigintToAddress(testAddress(from))
      expect(nonces.get(address)).toEqual(Array.from({ length: PER_SENDER }, (_, n) => BigInt(n)))
      expect(Number((await rpc(port, 'eth_getTransactionCount', [address])).result)).toBe(PER_SENDER)
    }
    await kill()
  })
})
