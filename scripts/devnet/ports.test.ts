import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PortInUseError } from './errors'
import { assertPortsFree } from './ports'

let busy: Server
let busyPort = 0

beforeAll(async () => {
  busy = createServer()
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
  busyPort = (busy.address() as { port: number }).port
})
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())))

describe('assertPortsFree', () => {
  it('names the busy port, its role and the variable that moves it', async () => {
    const attempt = assertPortsFree([{ name: 'anvil (L1)', port: busyPort, host: '127.0.0.1', envVar: 'LANTERN_L1_PORT' }])
    await expect(attempt).rejects.toBeInstanceOf(PortInUseError)
    await expect(attempt).rejects.toThrow(`${busyPort} (anvil (L1), change with LANTERN_L1_PORT)`)
  })

  it('passes for a free port', async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const freePort = (probe.address() as { port: number }).port
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    await expect(assertPortsFree([{ name: 'relay', port: freePort, host: '127.0.0.1' }])).resolves.toBeUndefined()
  })
})
