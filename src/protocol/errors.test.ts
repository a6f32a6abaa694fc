import { describe, expect, test } from 'vitest'
import {
  AccountKeyNotSetError,
  BaseError,
  InsufficientBalanceError,
  InvalidBatchDataError,
  InvalidSignatureError,
  NonceMismatchError,
  UnknownAccountError,
  WrongChainError,
  DuplicateErrorCodeError,
  deserializeError,
  errorClassesByCode,
  registerErrorClasses,
  serializeError,
} from './errors.js'

describe('errors', () => {
  test('carry a short message, a stable code, a name and structured data', () => {
    const error = new NonceMismatchError({ accountIndex: 3, expected: 5n, actual: 4n })
    expect(error).toBeInstanceOf(BaseError)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('NonceMismatchError')
    expect(error.code).toBe('NONCE_MISMATCH')
    expect(error.shortMessage).toMatch(/too low/)
    expect(error.data).toEqual({ accountIndex: 3, expected: '5', actual: '4' })
    expect(new NonceMismatchError({ accountIndex: 3, expected: 5n, actual: 7n }).shortMessage).toMatch(/gap/)
  })

  test('every registered code is unique and maps back to its class', () => {
    const codes = [...errorClassesByCode.keys()]
    expect(new Set(codes).size).toBe(codes.length)
    for (const [code, errorClass] of errorClassesByCode) expect(errorClass.code).toBe(code)
  })

  test('keep their cause and show its details', () => {
    const cause = new Error('low level')
    const error = new InvalidBatchDataError({ reason: 'bad', slot: 2 }, { cause })
    expect(error.cause).toBe(cause)
    expect(error.message).toContain('Details: low level')
  })

  test('round-trip through JSON as the same class, with the same fields', () => {
    const originals = [
      new InsufficientBalanceError({ accountIndex: 1, balance: 5n, required: 9n }),
      new UnknownAccountError({ accountIndex: 7, role: 'to' }),
      new AccountKeyNotSetError({ accountIndex: 2 }),
      new WrongChainError({
        accountIndex: 4,
        expected: { chainId: 31337n, rollupAddress: 1n },
        signedFor: { chainId: 1n, rollupAddress: 1n },
      }),
      new InvalidBatchDataError({ reason: 'x', slot: 0 }, { cause: new UnknownAccountError({ accountIndex: 1, role: 'from' }) }),
    ]
    for (const original of originals) {
      const rebuilt = deserializeError(JSON.parse(JSON.stringify(serializeError(original))))
      expect(rebuilt).toBeInstanceOf(original.constructor)
      expect(rebuilt.name).toBe(original.name)
      expect(rebuilt.code).toBe(original.code)
      expect(rebuilt.shortMessage).toBe(original.shortMessage)
      expect(rebuilt.message).toBe(original.message)
      expect(rebuilt.data).toEqual(original.data)
      expect(rebuilt.metaMessages).toEqual(original.metaMessages)
    }
    const wrongChain = deserializeError(serializeError(originals[3]))
    expect(wrongChain).toBeInstanceOf(InvalidSignatureError) // a WrongChainError is an invalid signature
    const withCause = deserializeError(serializeError(originals[4]))
    expect(withCause.cause).toBeInstanceOf(UnknownAccountError)
  })

  test('an unknown code or a foreign error becomes a BaseError that keeps its code', () => {
    const rebuilt = deserializeError({ name: 'Whatever', code: 'SOMETHING_NEW', shortMessage: 's', message: 'm' })
    expect(rebuilt).toBeInstanceOf(BaseError)
    expect(rebuilt.code).toBe('SOMETHING_NEW')
    const foreign = serializeError(new TypeError('boom'))
    expect(foreign).toMatchObject({ name: 'TypeError', code: 'UNKNOWN', shortMessage: 'boom' })
    expect(serializeError('str')).toMatchObject({ code: 'UNKNOWN', shortMessage: 'str' })
  })
})

describe('error registry', () => {
  test('a class registered by another module is rebuilt as that class', () => {
    class PluginFailedError extends BaseError {
      override name = 'PluginFailedError'
      static override readonly code: string = 'TEST_PLUGIN_FAILED'
    }
    registerErrorClasses(PluginFailedError)
    registerErrorClasses(PluginFailedError) // idempotent
    const rebuilt = deserializeError(JSON.parse(JSON.stringify(serializeError(new PluginFailedError('It failed.', { data: { n: 1 } })))))
    expect(rebuilt).toBeInstanceOf(PluginFailedError)
    expect(rebuilt.code).toBe('TEST_PLUGIN_FAILED')
    expect(rebuilt.data).toEqual({ n: 1 })
  })

  test('refuses a code taken by another class, and a subclass that inherited its parent code', () => {
    class Impostor extends BaseError {
      override name = 'Impostor'
      static override readonly code: string = 'NONCE_MISMATCH'
    }
    expect(() => registerErrorClasses(Impostor)).toThrow(DuplicateErrorCodeError)
    class Lazy extends InvalidSignatureError {
      override name = 'Lazy'
    }
    expect(() => registerErrorClasses(Lazy)).toThrow(/INVALID_SIGNATURE is already registered by InvalidSignatureError/)
    expect(deserializeError(serializeError(new NonceMismatchError({ accountIndex: 1, expected: 1n, actual: 2n })))).toBeInstanceOf(NonceMismatchError)
  })
})
