// The subset of ffjavascript 0.2 the Groth16 verifier uses (ffjavascript ships no types).
// Points are Uint8Arrays of Montgomery-form coordinates: 2 (affine) or 3 (Jacobian) field
// elements of 32 bytes for G1, twice that for G2.
declare module 'ffjavascript' {
  export interface WasmField {
    readonly one: Uint8Array
    fromObject(value: bigint | readonly bigint[]): Uint8Array
    toObject(value: Uint8Array): bigint | bigint[]
    add(a: Uint8Array, b: Uint8Array): Uint8Array
    mul(a: Uint8Array, b: Uint8Array): Uint8Array
    square(a: Uint8Array): Uint8Array
    isSquare(a: Uint8Array): boolean
    sqrt(a: Uint8Array): Uint8Array
    neg(a: Uint8Array): Uint8Array
    isZero(a: Uint8Array): boolean
    eq(a: Uint8Array, b: Uint8Array): boolean
    exp(a: Uint8Array, exponent: bigint): Uint8Array
  }

  export interface WasmGroup {
    readonly g: Uint8Array
    readonly b: Uint8Array
    readonly F: WasmField
    toObject(point: Uint8Array): bigint[] | bigint[][]
    fromObject(coordinates: readonly (bigint | readonly bigint[])[]): Uint8Array
    toAffine(point: Uint8Array): Uint8Array
    toJacobian(point: Uint8Array): Uint8Array
    isValid(point: Uint8Array): boolean
    isZero(point: Uint8Array): boolean
    eq(a: Uint8Array, b: Uint8Array): boolean
    add(a: Uint8Array, b: Uint8Array): Uint8Array
    double(point: Uint8Array): Uint8Array
    neg(point: Uint8Array): Uint8Array
    timesScalar(point: Uint8Array, scalar: bigint | Uint8Array): Uint8Array
    multiExpAffine(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>
  }

  export interface WasmGt {
    readonly one: Uint8Array
    mul(a: Uint8Array, b: Uint8Array): Uint8Array
    eq(a: Uint8Array, b: Uint8Array): boolean
  }

  /** The engine's WASM instance and its bump allocator over the instance's memory. */
  export interface ThreadManager {
    readonly instance: { readonly exports: Record<string, (...args: number[]) => number> }
    startSyncOp(): void
    endSyncOp(): void
    alloc(length: number): number
    allocBuff(buffer: Uint8Array): number
    getBuff(pointer: number, length: number): Uint8Array
  }

  export interface WasmBn128 {
    readonly tm: ThreadManager
    /** The base field Fq and its quadratic extension Fq2 = Fq[u]/(u² + 1). */
    readonly F1: WasmField
    readonly F2: WasmField
    readonly G1: WasmGroup
    readonly G2: WasmGroup
    readonly Gt: WasmGt
    prepareG1(point: Uint8Array): Uint8Array
    prepareG2(point: Uint8Array): Uint8Array
    /** Bytes of a prepared G2 point (`prepareG2`'s result): Q and its line coefficients. */
    readonly preQSize: number
    millerLoop(preparedG1: Uint8Array, preparedG2: Uint8Array): Uint8Array
    finalExponentiation(value: Uint8Array): Uint8Array
    terminate(): Promise<void>
  }

  /** Builds the bn128 (BN254) engine; `singleThread` keeps it to the calling thread. */
  // `plugins` receives wasmbuilder's ModuleBuilder before the module is built (typed by the plugin).
  export function buildBn128(singleThread?: boolean, plugins?: (module: never) => void): Promise<WasmBn128>
}
