// The subset of snarkjs 0.7 this project uses (snarkjs ships no types).
declare module 'snarkjs' {
  type FastFile = string | Uint8Array | { type: 'mem'; data?: Uint8Array }
  type Logger = {
    debug: (message: string) => void
    info: (message: string) => void
    warn: (message: string) => void
    error: (message: string) => void
  }
  type Proof = {
    pi_a: string[]
    pi_b: string[][]
    pi_c: string[]
    protocol: string
    curve: string
  }

  export const groth16: {
    fullProve(
      input: unknown,
      wasm: FastFile,
      zkey: FastFile,
      logger?: Logger,
    ): Promise<{ proof: Proof; publicSignals: string[] }>
    prove(zkey: FastFile, witness: FastFile, logger?: Logger): Promise<{ proof: Proof; publicSignals: string[] }>
    verify(vkey: unknown, publicSignals: readonly (string | bigint)[], proof: unknown, logger?: Logger): Promise<boolean>
    exportSolidityCallData(proof: unknown, publicSignals: readonly (string | bigint)[]): Promise<string>
  }
  export const wtns: {
    calculate(input: unknown, wasm: FastFile, wtns: FastFile): Promise<void>
    check(r1cs: FastFile, wtns: FastFile, logger?: Logger): Promise<boolean>
  }
  export const zKey: {
    exportVerificationKey(zkey: FastFile, logger?: Logger): Promise<unknown>
  }
  export const r1cs: {
    info(r1cs: FastFile, logger?: Logger): Promise<{
      nConstraints: number
      nVars: number
      nOutputs: number
      nPubInputs: number
      nPrvInputs: number
      nLabels: number
    }>
  }
  export const curves: {
    /** The threaded curve is built once and cached in `globalThis.curve_bn128`; `singleThread` builds a new one each call. */
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<{ terminate(): Promise<void> }>
  }
}
