import { expect, test } from 'vitest'
import * as protocol from './index.js'

// The public surface of src/protocol. A change here is an API change for the relay, the
// workers and the app: update the snapshot deliberately (vitest -u) and say so in the commit.
test('public export list', () => {
  expect(Object.keys(protocol).sort()).toMatchSnapshot()
})

test('src/protocol imports nothing Node-only', async () => {
  // Vite's glob import reads every non-test source file of the folder as text at build time.
  const sources = import.meta.glob(['./**/*.ts', '!./**/*.test.ts', '!./**/*.bench.ts', '!./testing/**'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>
  expect(Object.keys(sources).length).toBeGreaterThan(20)
  for (const [file, text] of Object.entries(sources)) {
    expect(text, file).not.toMatch(/from ['"](node:|fs|path|crypto|buffer|os|worker_threads)['"]/)
    expect(text, file).not.toMatch(/\bBuffer\./)
    expect(text, file).not.toMatch(/\b(window|document|process)\./)
  }
})
