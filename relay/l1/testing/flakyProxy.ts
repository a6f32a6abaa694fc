// A TCP proxy in front of an L1 node that can be taken down: while down it drops every open
// connection and resets new ones at once, as an L1 RPC that has gone away does. Tests only.
import { connect, createServer, type Server, type Socket } from 'node:net'

export type FlakyProxy = { url: string; down: () => void; up: () => void; close: () => Promise<void> }

/** Starts a proxy on a free port forwarding to `target` (http://host:port). */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const { hostname, port } = new URL(target)
  const open = new Set<Socket>()
  let isDown = false
  const server: Server = createServer((client) => {
    if (isDown) {
      client.destroy()
      return
    }
    const upstream = connect(Number(port), hostname)
    for (const s of [client, upstream]) {
      open.add(s)
      s.on('close', () => open.delete(s))
      s.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}`,
    down: () => {
      isDown = true
      for (const s of open) s.destroy()
    },
    up: () => {
      isDown = false
    },
    close: async () => {
      for (const s of open) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
