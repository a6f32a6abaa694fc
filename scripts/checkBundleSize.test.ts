import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { WORKBOX_PRECACHE_LIMIT_BYTES, initialScripts, workerChunks } from './checkBundleSize'

describe('initialScripts', () => {
  it('finds the module entry and modulepreloads, not external or non-module scripts', () => {
    const html = `
      <script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-def.js">
      <link rel="stylesheet" href="/assets/index.css">
      <script src="https://cdn.example/x.js"></script>`
    expect(initialScripts(html)).toEqual(['/assets/index-abc.js', '/assets/vendor-def.js'])
  })
})

describe('workerChunks', () => {
  it('lists only worker chunks and holds each to the budget, never above the 2 MiB precache limit', () => {
    const dist = mkdtempSync(join(tmpdir(), 'lantern-bundle-'))
    mkdirSync(join(dist, 'assets'))
    writeFileSync(join(dist, 'assets', 'worker-node-abc.js'), 'x'.repeat(1000))
    writeFileSync(join(dist, 'assets', 'worker-big-def.js'), 'y'.repeat(3000))
    writeFileSync(join(dist, 'assets', 'index-ghi.js'), 'z'.repeat(5000))
    const chunks = workerChunks(dist, 2000)
    expect(chunks.map((c) => [c.file, c.bytes, c.withinBudget])).toEqual([
      ['assets/worker-big-def.js', 3000, false],
      ['assets/worker-node-abc.js', 1000, true],
    ])
    expect(chunks[0]!.gzipBytes).toBeLessThan(3000)
    writeFileSync(join(dist, 'assets', 'worker-huge-jkl.js'), Buffer.alloc(WORKBOX_PRECACHE_LIMIT_BYTES + 1))
    expect(workerChunks(dist, 10 * WORKBOX_PRECACHE_LIMIT_BYTES).find((c) => c.file.includes('huge'))!.withinBudget).toBe(false)
  })
})
