import { describe, expect, it } from 'vitest'
import { initialScripts } from './checkBundleSize'

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
