/**
 * A JSON-RPC proxy in front of anvil that lies: every transaction it returns from
 * `eth_getTransactionByHash` has its calldata passed through `rewrite` (hex without 0x in, hex
 * without 0x out). Everything else is forwarded untouched, so events and block hashes stay
 * honest and only the calldata a light node reads records and proofs from is altered.
 */
import { type Server, createServer } from 'node:http'

export type L1Proxy = { url: string; rewrites: () => number; stop(): Promise<void> }

/** Starts the proxy on a free loopback port. */
export async function startL1Proxy(upstream: string, rewrite: (inputHex: string) => string): Promise<L1Proxy> {
  let rewrites = 0
  const alter = (message: { method?: string }, answer: { result?: { input?: string } | null }) => {
    if (message.method !== 'eth_getTransactionByHash' || typeof answer.result?.input !== 'string') return
    const before = answer.result.input.slice(2)
    const after = rewrite(before)
    if (after !== before) rewrites++
    answer.result.input = `0x${after}`
  }
  const server: Server = createServer((req, res) => {
    // The page's worker calls from another origin: answer CORS as anvil does.
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' })
      res.end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      try {
        const body = Buffer.concat(chunks).toString('utf8')
        const response = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        const answer = (await response.json()) as unknown
        const request = JSON.parse(body) as unknown
        if (Array.isArray(request) && Array.isArray(answer)) {
          for (const item of answer as { id: unknown; result?: { input?: string } }[]) alter((request as { id: unknown; method?: string }[]).find((r) => r.id === item.id) ?? {}, item)
        } else alter(request as { method?: string }, answer as { result?: { input?: string } })
        res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
        res.end(JSON.stringify(answer))
      } catch (error) {
        res.writeHead(502).end(String(error))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    rewrites: () => rewrites,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
