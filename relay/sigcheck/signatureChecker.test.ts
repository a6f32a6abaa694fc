import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadCrypto } from '../../src/protocol/crypto/loadCrypto'
import { DOMAIN, signed, testPublicKey, transfer } from '../../src/protocol/testing/fixtures'
import { type ChainDomain, txHash } from '../../src/protocol/tx/l2Tx'
import type { SigCheckItem } from './protocol'
import { inlineSignatureChecker, SignatureCheckFailedError, type SignatureChecker, WorkerSignatureChecker } from './signatureChecker'

const OTHER: ChainDomain = { chainId: 1n, rollupAddress: DOMAIN.rollupAddress }

let items: { good: SigCheckItem; wrongKey: SigCheckItem; otherChain: SigCheckItem }
beforeAll(async () => {
  await loadCrypto()
  const tx = signed(transfer(2, 3, 5n, 1n, 0n), 2)
  const onOther = signed(transfer(2, 3, 5n, 1n, 1n), 2, OTHER)
  items = {
    good: { tx, signature: tx.signature, key: testPublicKey(2), domains: [DOMAIN, OTHER] },
    wrongKey: { tx, signature: tx.signature, key: testPublicKey(3), domains: [DOMAIN, OTHER] },
    otherChain: { tx: onOther, signature: onOther.signature, key: testPublicKey(2), domains: [DOMAIN, OTHER] },
  }
})

let checker: SignatureChecker | undefined
afterEach(async () => {
  await checker?.close()
  checker = undefined
})

describe.each([
  ['inline', () => inlineSignatureChecker()],
  ['worker threads', () => WorkerSignatureChecker.start(2)],
])('signature checker (%s)', (_name, make) => {
  it('names the first domain a signature verifies for, or -1', async () => {
    checker = make()
    expect((await checker.check(items.good)).domain).toBe(0)
    expect((await checker.check(items.wrongKey)).domain).toBe(-1)
    expect((await checker.check(items.otherChain)).domain).toBe(1)
    expect((await checker.check({ ...items.otherChain, domains: [DOMAIN] })).domain).toBe(-1)
  })

  it("answers with the transaction's hash over this network's domain, whatever the verdict", async () => {
    checker = make()
    for (const item of [items.good, items.wrongKey, items.otherChain]) expect((await checker.check(item)).txHash).toBe(txHash(item.tx, DOMAIN))
  })

  it('answers each of many concurrent checks with its own verdict', async () => {
    checker = make()
    const asked = Array.from({ length: 30 }, (_, i) => [items.good, items.wrongKey, items.otherChain][i % 3]!)
    const verdicts = await Promise.all(asked.map((item) => checker!.check(item)))
    expect(verdicts.map((v) => v.domain)).toEqual(asked.map((_, i) => [0, -1, 1][i % 3]))
    expect(verdicts.map((v) => v.txHash)).toEqual(asked.map((item) => txHash(item.tx, DOMAIN)))
  })
})

describe('WorkerSignatureChecker', () => {
  it('rejects the checks of a worker that stops with SignatureCheckFailedError, then goes on with a new one', async () => {
    const workers = WorkerSignatureChecker.start(1)
    checker = workers
    expect((await workers.check(items.good)).domain).toBe(0)
    const slot = (workers as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!
    const pending = workers.check(items.good)
    await slot.worker.terminate()
    await expect(pending).rejects.toThrow(SignatureCheckFailedError)
    expect((await workers.check(items.wrongKey)).domain).toBe(-1)
    expect(workers.threads).toBe(1)
  })

  it('refuses checks once closed', async () => {
    const workers = WorkerSignatureChecker.start(1)
    await workers.close()
    await expect(workers.check(items.good)).rejects.toThrow(SignatureCheckFailedError)
  })
})
