import { ArtifactDownloadError } from './errors.js'

/** Cache Storage bucket of the prover artifacts (the service worker's runtime cache uses the same name). */
export const ARTIFACT_CACHE = 'lantern-circuit-artifacts'

export type ArtifactProgress = { url: string; loadedBytes: number; totalBytes: number | null; fromCache: boolean }

export type LoadArtifactParameters = {
  url: string
  onProgress?: (progress: ArtifactProgress) => void
  /** Cache Storage bucket; `null` skips the cache (Node, or a browser without Cache Storage). */
  cacheName?: string | null
  fetchFn?: typeof fetch
  cacheStorage?: CacheStorage | undefined
}

export type LoadArtifactErrorType = ArtifactDownloadError

/**
 * Bytes of a prover artifact: from Cache Storage when present, else downloaded with progress and
 * then stored, so a 60 MB proving key is fetched once per origin and only when someone proves.
 * A partial download is never cached (a truncated zkey would fail every later proof).
 */
export async function loadArtifact({
  url,
  onProgress,
  cacheName = ARTIFACT_CACHE,
  fetchFn = globalThis.fetch,
  cacheStorage = globalThis.caches,
}: LoadArtifactParameters): Promise<Uint8Array<ArrayBuffer>> {
  const cache = cacheName !== null && cacheStorage !== undefined ? await cacheStorage.open(cacheName) : undefined
  const cached = await cache?.match(url)
  if (cached !== undefined) {
    const bytes = new Uint8Array(await cached.arrayBuffer())
    onProgress?.({ url, loadedBytes: bytes.length, totalBytes: bytes.length, fromCache: true })
    return bytes
  }
  let response: Response
  try {
    response = await fetchFn(url)
  } catch (cause) {
    throw new ArtifactDownloadError({ url, reason: 'the server is unreachable' }, { cause })
  }
  if (!response.ok) throw new ArtifactDownloadError({ url, reason: `HTTP ${response.status}` })
  const header = response.headers.get('content-length')
  // A compressed response's length is not the body's: progress is then reported without a total.
  const totalBytes = header !== null && response.headers.get('content-encoding') === null ? Number(header) : null
  const bytes = await readBody(url, response, totalBytes, onProgress)
  if (totalBytes !== null && bytes.length !== totalBytes) {
    throw new ArtifactDownloadError({ url, reason: `received ${bytes.length} of ${totalBytes} bytes` })
  }
  await cache?.put(url, new Response(bytes, { headers: { 'content-type': response.headers.get('content-type') ?? 'application/octet-stream', 'content-length': String(bytes.length) } }))
  return bytes
}

async function readBody(url: string, response: Response, totalBytes: number | null, onProgress: LoadArtifactParameters['onProgress']): Promise<Uint8Array<ArrayBuffer>> {
  if (response.body === null) return new Uint8Array(await response.arrayBuffer())
  const reader = response.body.getReader()
  // One allocation when the size is known: a 60 MB key grown chunk by chunk would be copied many times.
  let buffer = new Uint8Array(totalBytes ?? 1 << 20)
  let loadedBytes = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (loadedBytes + value.length > buffer.length) {
        if (totalBytes !== null) throw new ArtifactDownloadError({ url, reason: `the server sent more than the announced ${totalBytes} bytes` })
        const grown = new Uint8Array(Math.max(buffer.length * 2, loadedBytes + value.length))
        grown.set(buffer.subarray(0, loadedBytes))
        buffer = grown
      }
      buffer.set(value, loadedBytes)
      loadedBytes += value.length
      onProgress?.({ url, loadedBytes, totalBytes, fromCache: false })
    }
  } catch (cause) {
    if (cause instanceof ArtifactDownloadError) throw cause
    throw new ArtifactDownloadError({ url, reason: 'the download was interrupted' }, { cause })
  }
  return buffer.length === loadedBytes ? buffer : buffer.slice(0, loadedBytes)
}
