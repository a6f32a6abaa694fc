// Minimal typing for solc-js (the npm `solc` package ships no types); only what contracts/build.ts uses.
declare module 'solc' {
  type ImportCallback = (path: string) => { contents: string } | { error: string }
  const solc: {
    version(): string
    compile(input: string, callbacks?: { import?: ImportCallback }): string
  }
  export default solc
}
