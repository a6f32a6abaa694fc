// Malformed input over HTTP and WebSocket never crashes the relay and always gets a JSON-RPC
// answer (or a closed socket for an oversized WebSocket message); the server keeps serving.
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { z } from 'zod'
import { testContext } from '../testing'
import { openTestNode, type TestNode } from '../testNode'
import { createHttpServer } from './httpServer'
import { methods } from './methods'
import { defineMethod } from './types'

const limits = { maxBodyBytes: 64 * 1024, maxWsMessageBytes: 64 * 1024, maxBatch: 20, maxDepth: 16, ratePerSecond: 1e9, rateBurst: 1e9 }
let node: TestNode
let server: ReturnType<typeof createHttpServer>
let base = ''
let wsUrl = ''
const STANDARD = new Set([-32700, -32600, -32601, -32602, -32603, -32000, -32001, -32005])

// A handler that returns a raw bigint: must be sent as a quantity, never a 500.
const bigintMethod = defineMethod({ params: z.tuple([]), handler: () => ({ value: 12345678901234567890n, list: [1n] }) })

beforeAll(async () => {
  node = await openTestNode({ accounts: 2 })
  server = createHttpServer({ ctx: testContext(undefined, node), methods: { ...methods, test_bigint: bigintMethod }, limits })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  base = `http://127.0.0.1:${port}`
  wsUrl = `ws://127.0.0.1:${port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await node.close()
})

const post = (body: string) => fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

function checkAnswer(json: unknown): void {
  const answers = Array.isArray(json) ? json : [json]
  for (const a of answers) {
    expect(a).toMatchObject({ jsonrpc: '2.0' })
    if ('error' in a) expect(STANDARD.has(a.error.code)).toBe(true)
  }
}

async function stillServes(): Promise<void> {
  const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }))
  expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: '0x7a69' })
}

const methodNames = Object.keys(methods)
const request = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.string()),
    id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.object()),
    method: fc.oneof(fc.constantFrom(...methodNames), fc.string()),
    params: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 4 })), fc.jsonValue({ maxDepth: 4 })),
  },
  { requiredKeys: [] },
)
const body = fc.oneof(
  fc.string(),
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
  request.map((r) => JSON.stringify(r)),
  fc.array(request, { maxLength: 30 }).map((r) => JSON.stringify(r)),
)

describe('malformed input', () => {
  it('sends a raw bigint result as a quantity instead of failing the response', async () => {
    const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test_bigint' }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: { value: '0xab54a98ceb1f0ad2', list: ['0x1'] } })
  })

  it('HTTP: random bodies always get a JSON-RPC answer with a standard code', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await post(text)
        expect([200, 204]).toContain(res.status)
        if (res.status === 200) checkAnswer(await res.json())
      }),
      { numRuns: 150 },
    )
    await stillServes()
  })

  it('HTTP: oversized, deeply nested and huge batches hit their limits', async () => {
    const big = await post(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":["${'x'.repeat(100_000)}"]}`)
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ error: { code: -32005, data: { data: { limit: 'body' } } } })
    const deep = await post(`${'['.repeat(30_000)}${']'.repeat(30_000)}`)
    expect(await deep.json()).toMatchObject({ error: { code: -32005, data: { data: { limit: 'depth' } } } })
    const nestedParams = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`)] }))
    expect(await nestedParams.json()).toMatchObject({ error: { code: -32005 } })
    const batch = await post(JSON.stringify(Array.from({ length: 21 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'eth_chainId' }))))
    expect(await batch.json()).toMatchObject({ error: { code: -32005, data: { data: { limit: 'batch' } } } })
    const wrongTypes = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [42, { a: 1 }] }))
    expect(await wrongTypes.json()).toMatchObject({ error: { code: -32602 } })
    await stillServes()
  })

  it('WebSocket: random messages get answers; an oversized message closes only that socket', async () => {
    const ws = new WebSocket(wsUrl)
    await new Promise((r) => ws.once('open', r))
    const samples = fc.sample(body, 100)
    const answers: unknown[] = []
    ws.on('message', (m) => answers.push(JSON.parse(m.toString())))
    for (const text of samples) ws.send(text)
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'last', method: 'eth_chainId' }))
    for (let i = 0; i < 100 && !answers.some((a) => (a as { id?: unknown }).id === 'last'); i++) await new Promise((r) => setTimeout(r, 20))
    expect(answers.some((a) => (a as { id?: unknown }).id === 'last')).toBe(true)
    for (const a of answers) checkAnswer(a)

    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
    ws.send('x'.repeat(70_000))
    expect(await closed).toBe(1009)
    await stillServes()
  })

  it('rate limit: a connection over its budget gets -32005 (limit "rate")', async () => {
    const tight = createHttpServer({ ctx: testContext(undefined, node), methods, limits: { ...limits, ratePerSecond: 1, rateBurst: 3 } })
    await new Promise<void>((resolve) => tight.listen(0, '127.0.0.1', resolve))
    const ws = new WebSocket(`ws://127.0.0.1:${(tight.address() as AddressInfo).port}`)
    await new Promise((r) => ws.once('open', r))
    const answers: { error?: { code: number; data: { data: { limit: string } } } }[] = []
    ws.on('message', (m) => answers.push(JSON.parse(m.toString())))
    for (let i = 0; i < 5; i++) ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'eth_chainId' }))
    for (let i = 0; i < 50 && answers.length < 5; i++) await new Promise((r) => setTimeout(r, 10))
    ws.close()
    await new Promise<void>((resolve) => tight.close(() => resolve()))
    expect(answers.filter((a) => a.error?.code === -32005 && a.error.data.data.limit === 'rate')).toHaveLength(2)
  })
})
