// Minimal types for the WASM code generators the Poseidon build script uses (neither ships any).
declare module 'wasmbuilder' {
  export class ModuleBuilder {
    free: number
    setMemory(pagesSize: number, moduleName?: string, fieldName?: string): void
    alloc(size: number | ArrayLike<number>, bytes?: ArrayLike<number>): number
    exportFunction(fnName: string, exportName?: string): void
    build(): Uint8Array
  }
}

declare module 'wasmcurves' {
  import type { ModuleBuilder } from 'wasmbuilder'
  /** Builds Montgomery arithmetic modulo `q` as functions named `${prefix}_…`. */
  export function buildF1m(module: ModuleBuilder, q: bigint, prefix: string): string
}
