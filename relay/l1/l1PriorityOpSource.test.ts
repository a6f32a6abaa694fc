import { createPublicClient, http } from 'viem'
import { describe, expect, it } from 'vitest'
import { L1Health } from './l1Health'
import { L1PriorityOpSource } from './l1PriorityOpSource'

describe('L1PriorityOpSource', () => {
  it('reports itself degraded while L1 does not answer, and keeps retrying', async () => {
    const health = new L1Health()
    // Port 1 refuses connections: an L1 that is down.
    const client = createPublicClient({ transport: http('http://127.0.0.1:1', { retryCount: 0 }) })
    const source = new L1PriorityOpSource({ client, rollup: '0x5FbDB2315678afecb367f032d93F642f64180aa3', fromBlock: 0n, pollMs: 20, health, logger: { info: () => {}, error: () => {} } })
    source.start()
    for (let i = 0; i < 100 && !health.degraded; i++) await new Promise((r) => setTimeout(r, 20))
    await source.stop()
    expect(health.degraded).toBe(true)
    expect(Object.keys(health.reasons)).toEqual(['priorityOps'])
    expect(source.length).toBe(0)
  })
})
