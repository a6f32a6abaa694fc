import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { GENERATED_PATH, POSEIDON_ARITIES, renderPoseidonWasmModule } from '../../../scripts/poseidon/buildPoseidonWasm.js'
import { POSEIDON_WASM_LAYOUT } from './poseidonWasm.generated.js'

describe('poseidonWasm.generated.ts', () => {
  // The committed module is opaque bytes: it must be exactly what the script builds from the
  // installed circomlibjs and wasmcurves, so nobody can change it by hand or let it drift.
  test('is what scripts/poseidon/buildPoseidonWasm.ts builds now', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(renderPoseidonWasmModule())
  })

  test('carries the arities the build script names', () => {
    expect(POSEIDON_WASM_LAYOUT.arities).toEqual(POSEIDON_ARITIES)
  })
})
