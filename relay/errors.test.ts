// One hierarchy across the repository's server-side and shared modules: every exported error
// class extends BaseError, declares its own code and is registered, so it crosses JSON-RPC and
// comes back as itself.
import { describe, expect, it } from 'vitest'
import { BaseError, deserializeError, errorClassesByCode, serializeError } from '../src/protocol/errors'

// main.ts starts a process and the worker-thread entries run only inside a thread; everything else is loaded for its exports.
const modules = import.meta.glob(['./**/*.ts', '../src/prover/*.ts', '../src/rpc/*.ts', '!./**/*.test.ts', '!../src/**/*.test.ts', '!./**/*.bench.ts', '!./main.ts', '!./**/*.worker.ts', '!./prover/proveWorker.ts', '!./**/*.child.ts', '!./**/*.d.ts'])

describe('error hierarchy', () => {
  it('every error class exported from relay/, src/prover/ and src/rpc/ is a registered BaseError with its own code', async () => {
    const classes: { file: string; name: string; value: { code?: unknown; prototype: unknown; name: string } }[] = []
    for (const [file, load] of Object.entries(modules)) {
      const exports = (await load()) as Record<string, unknown>
      for (const [name, value] of Object.entries(exports)) {
        if (typeof value === 'function' && value.prototype instanceof Error) classes.push({ file, name, value: value as never })
      }
    }
    expect(classes.length).toBeGreaterThan(15)
    const problems: string[] = []
    for (const { file, name, value } of classes) {
      if (value !== (BaseError as never) && !(value.prototype instanceof BaseError)) problems.push(`${file} ${name} does not extend BaseError`)
      else if (errorClassesByCode.get(String(value.code)) !== (value as never)) problems.push(`${file} ${name} (code ${String(value.code)}) is not registered under its own code`)
    }
    expect(problems).toEqual([])
  })

  it('a rebuilt error keeps its class for every registered code', () => {
    for (const [code, errorClass] of errorClassesByCode) {
      const fake = Reflect.construct(BaseError, ['x'], errorClass as unknown as new () => BaseError) as BaseError
      Object.defineProperty(fake, 'name', { value: errorClass.name })
      const rebuilt = deserializeError(JSON.parse(JSON.stringify(serializeError(fake))))
      expect(rebuilt.code).toBe(code)
      expect(Object.getPrototypeOf(rebuilt)).toBe(errorClass.prototype)
    }
  })
})
