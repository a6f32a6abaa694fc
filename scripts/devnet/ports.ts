import { createServer } from 'node:net'
import { PortInUseError } from './errors'

export type PortRequest = { name: string; port: number; host: string; envVar?: string | undefined }

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** Throws one PortInUseError naming every busy port, before anything is started. */
export async function assertPortsFree(requests: PortRequest[]): Promise<void> {
  const busy: PortRequest[] = []
  for (const request of requests) if (!(await isFree(request.port, request.host))) busy.push(request)
  if (busy.length > 0) throw new PortInUseError(busy)
}
