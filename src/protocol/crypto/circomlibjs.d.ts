// Minimal types for the parts of circomlibjs 0.1.7 that src/protocol uses. circomlibjs ships
// no types. Field elements are the library's Montgomery-form Uint8Arrays; convert with
// `F.toObject` (to bigint) and `F.e` (from bigint).
declare module 'circomlibjs' {
  import type { ModuleBuilder } from 'wasmbuilder'

  export type FieldElement = Uint8Array

  export interface WasmField {
    e(value: bigint | number | string | FieldElement): FieldElement
    toObject(value: FieldElement): bigint
    eq(a: FieldElement, b: FieldElement): boolean
    isZero(a: FieldElement): boolean
    readonly zero: FieldElement
    readonly one: FieldElement
  }

  export interface Poseidon {
    (inputs: ReadonlyArray<bigint | FieldElement>): FieldElement
    readonly F: WasmField
  }

  export type Point = [FieldElement, FieldElement]

  export interface BabyJub {
    readonly F: WasmField
    readonly Base8: Point
    readonly subOrder: bigint
    readonly order: bigint
    addPoint(a: Point, b: Point): Point
    mulPointEscalar(base: Point, e: bigint): Point
    inCurve(point: Point): boolean
    inSubgroup(point: Point): boolean
  }

  export interface Eddsa {
    readonly F: WasmField
    readonly babyJub: BabyJub
    prv2pub(privateKey: Uint8Array): Point
    signPoseidon(privateKey: Uint8Array, message: FieldElement): { R8: Point; S: bigint }
    verifyPoseidon(message: FieldElement, signature: { R8: Point; S: bigint }, publicKey: Point): boolean
  }

  export function buildPoseidon(): Promise<Poseidon>
  /** Adds circomlibjs's Poseidon functions (all 16 widths' constants) to a wasmbuilder module. */
  export function buildPoseidonWasm(module: ModuleBuilder): void
  export function buildBabyjub(): Promise<BabyJub>
  export function buildEddsa(): Promise<Eddsa>
}
