import { describe, expect, it } from 'vitest'
import { InsufficientBalanceError, InvalidSignatureError, WrongChainError } from '../protocol/errors'
import { ProofGenerationError } from '../prover/errors'
import {
  InternalRpcError,
  InvalidParamsError,
  LimitExceededError,
  NonceTooLowError,
  PoolFullError,
  ReplacementUnderpricedError,
  RpcError,
  RpcErrorCode,
  fromJsonRpcError,
  toJsonRpcError,
} from './errors'

const overTheWire = (err: unknown) => fromJsonRpcError(JSON.parse(JSON.stringify(toJsonRpcError(err))))

describe('JSON-RPC errors', () => {
  it('rebuild pool, protocol and prover errors as their own class with code, shortMessage and data', () => {
    const originals = [
      new ReplacementUnderpricedError({ accountIndex: 3, nonce: 4n, pooledFee: 10n, minFee: 11n }),
      new NonceTooLowError({ accountIndex: 3, nonce: 1n, next: 2n }),
      new PoolFullError({ scope: 'global', max: 10 }),
      new InsufficientBalanceError({ accountIndex: 1, balance: 5n, required: 9n }),
      new WrongChainError({ accountIndex: 4, expected: { chainId: 31337n, rollupAddress: 1n }, signedFor: { chainId: 1n, rollupAddress: 1n } }),
      new ProofGenerationError({ cause: new Error('witness') }),
    ]
    for (const original of originals) {
      const wire = toJsonRpcError(original)
      expect(wire.code).toBe(RpcErrorCode.Rejected)
      expect(wire.data).toMatchObject({ name: original.name, code: original.code, shortMessage: original.shortMessage })
      const rebuilt = overTheWire(original)
      expect(rebuilt).toBeInstanceOf(original.constructor)
      expect(rebuilt.shortMessage).toBe(original.shortMessage)
      expect(rebuilt.data).toEqual(original.data)
    }
    expect(overTheWire(originals[4])).toBeInstanceOf(InvalidSignatureError)
  })

  it('rebuild RPC errors with their numeric code and limit', () => {
    const limit = overTheWire(new LimitExceededError({ limit: 'batch', max: 100 }))
    expect(limit).toBeInstanceOf(LimitExceededError)
    expect((limit as LimitExceededError).rpcCode).toBe(-32005)
    expect((limit as LimitExceededError).limit).toBe('batch')
    const params = overTheWire(new InvalidParamsError('eth_getBalance', ['params[0]: bad']))
    expect(params).toBeInstanceOf(InvalidParamsError)
    expect(params.metaMessages).toEqual(['params[0]: bad'])
  })

  it('hide the message of unknown errors and survive foreign error objects', () => {
    const wire = toJsonRpcError(new Error('secret /var/db'))
    expect(JSON.stringify(wire)).not.toContain('secret')
    expect(fromJsonRpcError(wire)).toBeInstanceOf(InternalRpcError)
    for (const foreign of [null, 42, { code: -1, message: 'geth says no' }, { code: 3, data: { code: 1 } }]) {
      expect(fromJsonRpcError(foreign)).toBeInstanceOf(RpcError)
    }
  })
})
