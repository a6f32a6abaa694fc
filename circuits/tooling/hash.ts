import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** sha256 of a file as lowercase hex, streamed (the ptau is 150 MB). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** sha256 of bytes as lowercase hex. */
export function sha256Bytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}
