import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { BaseError } from '../errors'
import { fakeL1, testContext, testDeployment } from '../testing'
import { handleRpcBody } from './handleRequest'
import { methods } from './methods'
import { defineMethod, type RpcMethod } from './types'

const logger = { error: vi.fn() }
const opts = { methods, ctx: testContext(), logger }
const call = (body: unknown) => handleRpcBody(typeof body === 'string' ? body : JSON.stringify(body), opts)

describe('handleRpcBody', () => {
  it('answers eth_chainId with the deployment chain id as hex', async () => {
    expect(await call({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' })).toEqual({ jsonrpc: '2.0', id: 1, result: '0x7a69' })
  })

  it('answers lantern_status with live L1 data and the deployment', async () => {
    const res = await handleRpcBody(JSON.stringify({ jsonrpc: '2.0', id: 'a', method: 'lantern_status', params: [] }), {
      ...opts,
      ctx: testContext(fakeL1({ blockNumber: 1234n })),
    })
    expect(res).toMatchObject({
      id: 'a',
      result: { l1: { chainId: 31337, blockNumber: 1234 }, deployment: { contracts: testDeployment.contracts } },
    })
  })

  it('returns -32700 with id null for malformed JSON', async () => {
    expect(await call('{"jsonrpc":')).toMatchObject({ id: null, error: { code: -32700, data: { name: 'ParseError' } } })
  })

  it.each([
    ['a non-object', 42],
    ['a wrong jsonrpc version', { jsonrpc: '1.0', id: 1, method: 'eth_chainId' }],
    ['a non-string method', { jsonrpc: '2.0', id: 1, method: 7 }],
    ['scalar params', { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: 'x' }],
    ['an object id', { jsonrpc: '2.0', id: {}, method: 'eth_chainId' }],
  ])('returns -32600 for %s', async (_label, body) => {
    expect(await call(body)).toMatchObject({ error: { code: -32600, data: { name: 'InvalidRequestError' } } })
  })

  it('returns -32601 for unknown methods, including Object.prototype names', async () => {
    for (const method of ['zkevm_nope', 'toString', '__proto__']) {
      expect(await call({ jsonrpc: '2.0', id: 1, method })).toMatchObject({ id: 1, error: { code: -32601 } })
    }
  })

  it('returns -32602 with the offending param when params do not match the schema', async () => {
    const res = await call({ jsonrpc: '2.0', id: 3, method: 'eth_chainId', params: ['extra'] })
    expect(res).toMatchObject({ id: 3, error: { code: -32602, data: { name: 'InvalidParamsError' } } })
    expect(JSON.stringify(res)).toContain('params')
  })

  it('returns -32603 without leaking the message when a handler throws an unknown error', async () => {
    const boom: RpcMethod = defineMethod({
      params: z.tuple([]),
      handler: () => {
        throw new Error('secret database path /var/x')
      },
    })
    const res = await handleRpcBody(JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'boom' }), { ...opts, methods: { boom } })
    expect(res).toMatchObject({ id: 9, error: { code: -32603, message: 'Internal error.' } })
    expect(JSON.stringify(res)).not.toContain('secret')
    expect(logger.error).toHaveBeenCalled()
  })

  it('sends protocol errors as -32000 with name, string code and data so clients can rebuild them', async () => {
    class NonceRuleError extends BaseError {
      override name = 'NonceRuleError'
      static override readonly code: string = 'TEST_NONCE_RULE'
    }
    const reject: RpcMethod = defineMethod({
      params: z.tuple([]),
      handler: () => {
        throw new NonceRuleError('Nonce too low.', { data: { expected: 3 } })
      },
    })
    const res = await handleRpcBody(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'reject' }), { ...opts, methods: { reject } })
    expect(res).toEqual({
      jsonrpc: '2.0',
      id: 4,
      error: {
        code: -32000,
        message: 'Nonce too low.',
        data: { name: 'NonceRuleError', code: 'TEST_NONCE_RULE', shortMessage: 'Nonce too low.', data: { expected: 3 } },
      },
    })
  })

  it('maps an unreachable L1 to the documented app code -32001', async () => {
    const res = await handleRpcBody(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'lantern_status' }), {
      ...opts,
      ctx: testContext(fakeL1({ fail: new Error('ECONNREFUSED') })),
    })
    expect(res).toMatchObject({ error: { code: -32001, data: { name: 'L1UnavailableError' } } })
  })

  it('answers batches in order and skips notifications', async () => {
    const res = await call([
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
      { jsonrpc: '2.0', method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
    ])
    expect(res).toEqual([
      { jsonrpc: '2.0', id: 1, result: '0x7a69' },
      expect.objectContaining({ id: 2, error: expect.objectContaining({ code: -32601 }) }),
    ])
  })

  it('returns nothing for a notification-only body and -32600 for an empty batch', async () => {
    expect(await call({ jsonrpc: '2.0', method: 'eth_chainId' })).toBeUndefined()
    expect(await call([])).toMatchObject({ id: null, error: { code: -32600 } })
  })
})
