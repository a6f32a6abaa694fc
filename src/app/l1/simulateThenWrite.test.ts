import { describe, expect, it, vi } from 'vitest'
import { simulateThenWrite, type L1Call } from './simulateThenWrite'

const call: L1Call = { address: '0x5fbdb2315678afecb367f032d93f642f64180aa3', abi: [], functionName: 'claim', args: [1n], account: '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc' }
const HASH = `0x${'ab'.repeat(32)}` as const

function fakeClient(simulate: () => Promise<unknown>) {
  const order: string[] = []
  const client = {
    simulateContract: vi.fn(async () => {
      order.push('simulate')
      return (await simulate()) as never
    }),
    waitForTransactionReceipt: vi.fn(async () => {
      order.push('receipt')
      return { status: 'success', gasUsed: 21_000n, effectiveGasPrice: 3n } as never
    }),
  }
  return { client, order }
}

describe('simulateThenWrite', () => {
  it('never asks the wallet when the simulation reverts', async () => {
    const { client } = fakeClient(async () => {
      throw new Error('Bridge__InvalidSmtProof')
    })
    const write = vi.fn(async () => HASH)
    await expect(simulateThenWrite(client, write, call)).rejects.toThrow('Bridge__InvalidSmtProof')
    expect(write).not.toHaveBeenCalled()
    expect(client.waitForTransactionReceipt).not.toHaveBeenCalled()
  })

  it('signs exactly the simulated request, reports the hash before the receipt, and returns the gas paid', async () => {
    const request = { simulated: true }
    const { client, order } = fakeClient(async () => ({ request }))
    const write = vi.fn(async (r: never) => {
      order.push('write')
      expect(r).toBe(request)
      return HASH
    })
    const sent = await simulateThenWrite(client, write, call, (hash) => order.push(`sent ${hash === HASH}`))
    expect(client.simulateContract).toHaveBeenCalledWith(call)
    expect(order).toEqual(['simulate', 'write', 'sent true', 'receipt'])
    expect(sent).toEqual({ hash: HASH, receipt: { status: 'success', gasUsed: 21_000n, effectiveGasPrice: 3n }, gasCostWei: 63_000n })
  })
})
