import { beforeAll, describe, expect, test } from 'vitest'
import { loadCrypto } from '../crypto/loadCrypto.js'
import { poseidon, poseidonHashCount } from '../crypto/poseidon.js'
import { InvalidParameterError } from '../errors.js'
import { type Exit, exitLeafHash, exitProof, exitRoot, verifyExitProof } from './exitTree.js'

beforeAll(loadCrypto)

describe('exit tree', () => {
  const exits: (Exit | null)[] = [null, { address: 0xaan, amount: 5n }, null, { address: 0xbbn, amount: 0n }]

  test('leaves are Poseidon(address, amount) or 0, inner nodes Poseidon(left, right)', () => {
    const l1 = poseidon([0xaan, 5n])
    const l3 = poseidon([0xbbn, 0n])
    expect(exitLeafHash({ address: 0xaan, amount: 5n })).toBe(l1)
    expect(exitRoot(exits)).toBe(poseidon([poseidon([0n, l1]), poseidon([0n, l3])]))
    const empty = poseidon([0n, 0n])
    expect(exitRoot([])).toBe(poseidon([empty, empty]))
  })

  test('empty subtrees are known, not rehashed: a batch without exits costs no hash, one exit costs its path', () => {
    const empty = poseidon([0n, 0n])
    const exit = { address: 0xaan, amount: 5n }
    const withExit = poseidon([empty, poseidon([0n, exitLeafHash(exit)])])
    const noExit = poseidon([empty, empty])
    exitRoot([])
    let before = poseidonHashCount()
    const roots = [exitRoot([null, null, null, null]), exitRoot([])]
    expect(poseidonHashCount() - before).toBe(0)
    expect(roots).toEqual([noExit, noExit])
    before = poseidonHashCount()
    const root = exitRoot([null, null, null, exit])
    // The leaf, its parent and the root; the empty left half is not hashed.
    expect(poseidonHashCount() - before).toBe(3)
    expect(root).toBe(withExit)
  })

  test('proofs verify for each exit, and fail for another slot or amount', () => {
    const root = exitRoot(exits)
    for (const slot of [1, 3]) {
      const exit = exits[slot]!
      const proof = exitProof(exits, slot)
      expect(proof).toHaveLength(2)
      expect(verifyExitProof(root, slot, exit, proof)).toBe(true)
      expect(verifyExitProof(root, slot ^ 2, exit, proof)).toBe(false)
      expect(verifyExitProof(root, slot, { ...exit, amount: exit.amount + 1n }, proof)).toBe(false)
    }
    expect(() => exitProof(exits, 4)).toThrow(InvalidParameterError)
  })
})
