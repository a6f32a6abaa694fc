import { createServer } from 'node:net'
import { DevnetError, PortInUseError } from './errors'

export type PortRequest = { name: string; port: number; host: string; envVar?: string | undefined }

/** Tries to listen on host:port; resolves with the listen error code, or undefined when free. */
function probe(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'UNKNOWN'))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)))
  })
}

/** Throws one PortInUseError naming every busy port, before anything is started. */
export async function assertPortsFree(requests: PortRequest[]): Promise<void> {
  const busy: PortRequest[] = []
  for (const request of requests) {
    const code = await probe(request.port, request.host)
    if (code === undefined) continue
    if (code === 'EADDRINUSE') busy.push(request)
    else {
      throw new DevnetError(
        `Cannot listen on ${request.host}:${request.port} for the ${request.name} (${code}).${
          code === 'EACCES' ? ' Ports below 1024 need privileges: pick another port.' : ''
        }${request.envVar ? ` Change it with ${request.envVar}.` : ''}`,
      )
    }
  }
  if (busy.length > 0) throw new PortInUseError(busy)
}
