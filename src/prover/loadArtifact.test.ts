// loadArtifact over a fake server and an in-memory Cache Storage: progress up to the announced
// size, one download then cache hits, and nothing cached from a failed or truncated download.
import { describe, expect, it } from 'vitest'
import { ArtifactDownloadError } from './errors.js'
import { type ArtifactProgress, loadArtifact } from './loadArtifact.js'

const URL_ = 'https://lantern.test/assets/batch.zkey'

function memoryCaches() {
  const buckets = new Map<string, Map<string, Response>>()
  const storage = {
    async open(name: string) {
      const bucket = buckets.get(name) ?? new Map<string, Response>()
      buckets.set(name, bucket)
      return {
        match: async (url: string) => bucket.get(url)?.clone(),
        put: async (url: string, response: Response) => void bucket.set(url, response),
      }
    },
  }
  return { storage: storage as unknown as CacheStorage, buckets }
}

/** A server sending `body` in `chunks` pieces, announcing `announced` bytes (default: the truth). */
function server(body: Uint8Array, { chunks = 4, announced = body.length, status = 200 }: { chunks?: number; announced?: number | null; status?: number } = {}) {
  let calls = 0
  const fetchFn = (async () => {
    calls++
    const size = Math.ceil(body.length / chunks)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += size) controller.enqueue(body.slice(i, i + size))
        controller.close()
      },
    })
    const headers: Record<string, string> = announced === null ? {} : { 'content-length': String(announced) }
    return new Response(status === 200 ? stream : null, { status, headers })
  }) as typeof fetch
  return { fetchFn, calls: () => calls }
}

const bytes = (n: number) => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xff
  return out
}

describe('loadArtifact', () => {
  it('downloads with progress up to the announced size, caches, and serves the next call from the cache', async () => {
    const body = bytes(10_000)
    const { fetchFn, calls } = server(body)
    const caches = memoryCaches()
    const progress: ArtifactProgress[] = []
    const first = await loadArtifact({ url: URL_, fetchFn, cacheStorage: caches.storage, onProgress: (p) => progress.push(p) })
    expect(first).toEqual(body)
    expect(progress.map((p) => p.loadedBytes)).toEqual([2500, 5000, 7500, 10_000])
    expect(progress.every((p) => p.totalBytes === 10_000 && !p.fromCache)).toBe(true)

    const again: ArtifactProgress[] = []
    const second = await loadArtifact({ url: URL_, fetchFn, cacheStorage: caches.storage, onProgress: (p) => again.push(p) })
    expect(second).toEqual(body)
    expect(calls()).toBe(1)
    expect(again).toEqual([{ url: URL_, loadedBytes: 10_000, totalBytes: 10_000, fromCache: true }])
  })

  it('reads a body of unknown length (no content-length) whole', async () => {
    // Over the 1 MiB first allocation, so the buffer grows.
    const body = bytes(1_500_000)
    const { fetchFn } = server(body, { announced: null, chunks: 7 })
    const loaded = await loadArtifact({ url: URL_, fetchFn, cacheName: null })
    // Vitest's deep equality is slow on megabytes: compare the bytes directly.
    expect(loaded.length).toBe(body.length)
    expect(loaded.every((b, i) => b === body[i])).toBe(true)
  })

  it('refuses and does not cache a truncated download', async () => {
    const { fetchFn, calls } = server(bytes(1000), { announced: 2000 })
    const caches = memoryCaches()
    await expect(loadArtifact({ url: URL_, fetchFn, cacheStorage: caches.storage })).rejects.toThrow(ArtifactDownloadError)
    await expect(loadArtifact({ url: URL_, fetchFn, cacheStorage: caches.storage })).rejects.toThrow(/received 1000 of 2000 bytes/)
    expect(calls()).toBe(2)
    expect(caches.buckets.get('lantern-circuit-artifacts')?.size ?? 0).toBe(0)
  })

  it('refuses a body longer than announced', async () => {
    const { fetchFn } = server(bytes(3000), { announced: 2000 })
    await expect(loadArtifact({ url: URL_, fetchFn, cacheName: null })).rejects.toThrow(/more than the announced 2000 bytes/)
  })

  it('turns an HTTP error and an unreachable server into ArtifactDownloadError', async () => {
    const { fetchFn } = server(bytes(10), { status: 404 })
    await expect(loadArtifact({ url: URL_, fetchFn, cacheName: null })).rejects.toMatchObject({ name: 'ArtifactDownloadError', data: { reason: 'HTTP 404' } })
    const down = (async () => {
      throw new TypeError('fetch failed')
    }) as typeof fetch
    await expect(loadArtifact({ url: URL_, fetchFn: down, cacheName: null })).rejects.toMatchObject({ name: 'ArtifactDownloadError', data: { reason: 'the server is unreachable' } })
  })
})
