import { configDefaults, defineConfig } from 'vitest/config'

// Three projects so CI can run them as separate steps: pure/unit code, contracts against a
// real anvil, and the circuit (witness + proofs with the committed artifacts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'relay/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
          // L1 reads against a real anvil run with the contracts (they build and deploy them).
          exclude: [...configDefaults.exclude, 'src/l1/**/*.anvil.test.ts', 'relay/**/*.anvil.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'contracts',
          include: ['contracts/**/*.test.ts', 'src/l1/**/*.anvil.test.ts', 'relay/**/*.anvil.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'circuits',
          include: ['circuits/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
