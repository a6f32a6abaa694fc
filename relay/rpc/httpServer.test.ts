import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testContext } from '../testing'
import { createHttpServer } from './httpServer'
import { methods } from './methods'

const server = createHttpServer({ ctx: testContext(), methods })
let base = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('relay HTTP server', () => {
  it('serves /health', async () => {
    const res = await fetch(`${base}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('serves JSON-RPC on POST / with CORS', async () => {
    const res = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:5173' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }),
    })
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: '0x7a69' })
  })

  it('answers CORS preflight and 404s unknown paths', async () => {
    expect((await fetch(base, { method: 'OPTIONS' })).status).toBe(204)
    expect((await fetch(`${base}/nope`)).status).toBe(404)
  })
})
