/**
 * A relay that lies, for the light node's specs: a WebSocket server speaking the relay's
 * `lantern_subscribe("trustedBatches")` protocol (src/rpc/schema.ts `trustedBatch`) that pushes
 * the batches it is given, as soon as a client subscribes.
 */
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'

export type FakeRelay = { url: string; subscribers: () => number; stop(): Promise<void> }

const zero32 = `0x${'00'.repeat(32)}`

/** Starts the relay; `batches` are pushed, in order, to every subscriber. */
export async function startFakeRelay(batches: readonly { number: number; recordHex: `0x${string}` }[]): Promise<FakeRelay> {
  const server = createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ server })
  let subscribers = 0
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const request = JSON.parse(data.toString()) as { id: number; method: string }
      if (request.method !== 'lantern_subscribe') return
      subscribers++
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: '0x1' }))
      for (const batch of batches) {
        const result = {
          number: `0x${batch.number.toString(16)}`,
          blockHash: zero32,
          timestamp: '0x1',
          oldStateRoot: zero32,
          stateRoot: zero32,
          priorityOpCount: 0,
          accInputHash: zero32,
          publicInputs: [],
          exitRoot: zero32,
          feeAccountIndex: 0,
          totalFeesGwei: '0x0',
          batchL2Data: batch.recordHex,
          slots: [],
        }
        ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'lantern_subscription', params: { subscription: '0x1', result } }))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the relay has no port')
  return {
    url: `ws://127.0.0.1:${address.port}`,
    subscribers: () => subscribers,
    stop: async () => {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => server.close(() => resolve())))
    },
  }
}
