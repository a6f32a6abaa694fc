// Lint: typescript-eslint's recommended rules on all TypeScript, plus a few core rules that
// catch real bugs. Generated output and build artifacts are ignored.
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-env-check/',
      'dist-prover-bench/',
      'circuits/build/',
      'contracts/out/',
      'contracts/generated/',
      'test-results/',
      'playwright-report/',
      '.devnet/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-constant-binary-expression': 'error',
      'no-self-compare': 'error',
      'no-unreachable': 'error',
      'no-duplicate-imports': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
)
