// The generated BatchVerifier (contracts/generateVerifier.ts, docs/PROTOCOL.md §7.4) against the
// reference: snarkjs's groth16.verify of each proof on its own. On random sets of real proofs, and on
// sets with one bad proof, one swapped public input or one swapped point, one batch verification
// must say true exactly when all k snarkjs verifications do. The weights the contract derives are
// src/protocol's batchVerificationWeights (checked through a verifier variant that returns them).
//
// Proofs come from the recorded chain (contracts/test/fixtures/chain.json). LANTERN_PROOF_SET=<dir>
// with vk.json and proofs.json (snarkjs { proof, publicSignals }[]) runs the same checks against
// another key, e.g. v1's single-input key with nothing folded.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as snarkjs from 'snarkjs'
import solc from 'solc'
import { createPublicClient, encodeFunctionData, decodeFunctionResult, http, type Abi, type Hex, type PublicClient, getContractAddress, createWalletClient, defineChain } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compilerSettings, paths } from '../build'
import { generateVerifierSource, verifierPaths, type VerificationKey } from '../generateVerifier'
import { SNARK_SCALAR_FIELD } from '../../src/protocol/constants'
import { batchVerificationWeights } from '../../src/protocol/batch/batchVerificationWeights'
import { releaseCurve } from '../../src/prover/releaseCurve'
import { startAnvil, type TestAnvil } from './helpers/anvil'
import { proofSetFromChain, readChainFixture, snarkjsToWords, wordsToSnarkjs, type ProofItem, type ProofSet } from './helpers/proofSet'

const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n

function loadProofSet(): ProofSet | undefined {
  const dir = process.env.LANTERN_PROOF_SET
  if (dir) {
    const vk = JSON.parse(readFileSync(join(dir, 'vk.json'), 'utf8')) as VerificationKey
    const proofs = JSON.parse(readFileSync(join(dir, 'proofs.json'), 'utf8')) as { proof: never; publicSignals: string[] }[]
    const folded = vk.nPublic > 2 ? 2 : 0
    const items = proofs.map((p) => ({ words: snarkjsToWords(p.proof), signals: p.publicSignals.map(BigInt) }))
    const chainId = folded ? items[0]!.signals[0]! : 31337n
    const rollup = folded ? items[0]!.signals[1]! : 0x1234n
    return { vk, foldedInputs: folded, chainId, rollup, items }
  }
  const fixture = readChainFixture()
  if (!fixture || !existsSync(verifierPaths.verificationKey)) return undefined
  const vk = JSON.parse(readFileSync(verifierPaths.verificationKey, 'utf8')) as VerificationKey
  if (vk.nPublic !== 23) return undefined
  return proofSetFromChain(fixture, vk)
}

const set = loadProofSet()
let anvil: TestAnvil
let client: PublicClient
let verifier: Hex
let abi: Abi

/** Compiles the generated source in memory (it imports IBatchVerifier from contracts/src). */
function compile(source: string): { abi: Abi; bytecode: Hex } {
  const input = {
    language: 'Solidity',
    sources: { 'BatchVerifier.sol': { content: source } },
    settings: { ...compilerSettings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  }
  const findImports = (p: string) => {
    const file = join(paths.src, p)
    return existsSync(file) ? { contents: readFileSync(file, 'utf8') } : { error: `not found: ${p}` }
  }
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[]
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
  }
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))
  const c = out.contracts['BatchVerifier.sol']!['BatchVerifier']!
  return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` }
}

/** A seeded PRNG (mulberry32): the random sets are the same on every run. */
function prng(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function contractSays(items: readonly ProofItem[], folded: number): Promise<boolean> {
  const inputs = items.flatMap((i) => i.signals.slice(folded))
  const data = encodeFunctionData({ abi, functionName: 'verify', args: [inputs, items.map((i) => i.words)] })
  const { data: ret } = await client.call({ to: verifier, data })
  return decodeFunctionResult({ abi, functionName: 'verify', data: ret! }) as boolean
}

async function snarkjsSays(items: readonly ProofItem[]): Promise<boolean[]> {
  const results: boolean[] = []
  for (const item of items) {
    let ok = false
    try {
      ok = await snarkjs.groth16.verify(set!.vk as never, item.signals.map(String), wordsToSnarkjs(item.words) as never)
    } catch {
      ok = false // snarkjs throws on points off the curve
    }
    results.push(ok)
  }
  return results
}

describe.skipIf(!set)('BatchVerifier agrees with k snarkjs verifications', () => {
  beforeAll(async () => {
    const { abi: a, bytecode } = compile(generateVerifierSource(set!.vk, { foldedInputs: set!.foldedInputs, insecureDevSetup: true }))
    abi = a
    anvil = await startAnvil()
    const chain = defineChain({ id: 31337, name: 'anvil', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [anvil.rpcUrl] } } })
    const account = mnemonicToAccount('test test test test test test test test test test test junk')
    const wallet = createWalletClient({ chain, transport: http(anvil.rpcUrl), account })
    client = createPublicClient({ chain, transport: http(anvil.rpcUrl) }) as PublicClient
    const nonce = await client.getTransactionCount({ address: account.address })
    const hash = await wallet.deployContract({ abi, bytecode, args: [set!.chainId, `0x${set!.rollup.toString(16).padStart(40, '0')}`] })
    await client.waitForTransactionReceipt({ hash })
    verifier = getContractAddress({ from: account.address, nonce: BigInt(nonce) })
  }, 120_000)

  afterAll(async () => {
    await releaseCurve()
    await anvil?.stop()
  })

  it('derives exactly the Fiat–Shamir weights src/protocol computes', async () => {
    const rand = prng(3)
    for (const k of [1, 4]) {
      const items = Array.from({ length: k }, () => set!.items[Math.floor(rand() * set!.items.length)]!)
      const inputs = items.map((i) => i.signals.slice(set!.foldedInputs))
      const data = encodeFunctionData({ abi, functionName: 'weights', args: [inputs.flat(), items.map((i) => i.words)] })
      const { data: ret } = await client.call({ to: verifier, data })
      const onChain = decodeFunctionResult({ abi, functionName: 'weights', data: ret! }) as readonly bigint[]
      expect(onChain).toEqual(batchVerificationWeights(inputs, items.map((i) => i.words)))
      for (const rho of onChain) expect(rho >= 1n && rho <= 1n << 128n).toBe(true)
    }
  })

  it('says true for random sets of valid proofs, k = 1 … 8, as every snarkjs verification does', async () => {
    const rand = prng(7)
    for (const k of [1, 2, 3, 5, 8]) {
      const items = Array.from({ length: k }, () => set!.items[Math.floor(rand() * set!.items.length)]!)
      expect(await snarkjsSays(items)).toEqual(items.map(() => true))
      expect(await contractSays(items, set!.foldedInputs)).toBe(true)
    }
  }, 120_000)

  it('says false when one proof of the set is bad, one public input swapped or one point swapped', async () => {
    const rand = prng(11)
    const pick = () => set!.items[Math.floor(rand() * set!.items.length)]!
    const folded = set!.foldedInputs
    const mutations: [string, (items: ProofItem[], i: number) => ProofItem[]][] = [
      // C of another proof: a proof of the same circuit, wrong for these inputs.
      ['bad proof', (items, i) => items.map((it, n) => (n === i ? { ...it, words: [...it.words.slice(0, 6), ...otherThan(it).words.slice(6)] } : it))],
      // One input (beyond the folded ones) of proof i changed by one.
      ['swapped public input', (items, i) => items.map((it, n) => (n === i ? { ...it, signals: it.signals.map((v, j) => (j === folded + Math.floor(rand() * (it.signals.length - folded)) ? (v + 1n) % SNARK_SCALAR_FIELD : v)) } : it))],
      // A and C exchanged.
      ['swapped point', (items, i) => items.map((it, n) => (n === i ? { ...it, words: [...it.words.slice(6, 8), ...it.words.slice(2, 6), ...it.words.slice(0, 2)] } : it))],
      // −A with B: e(−A, B) = e(A, B)⁻¹.
      ['negated A', (items, i) => items.map((it, n) => (n === i ? { ...it, words: [it.words[0]!, Q - it.words[1]!, ...it.words.slice(2)] } : it))],
    ]
    function otherThan(item: ProofItem): ProofItem {
      return set!.items.find((x) => x.words[6] !== item.words[6]) ?? item
    }
    for (const [name, mutate] of mutations) {
      for (const k of [1, 3, 6]) {
        const items = Array.from({ length: k }, pick)
        const bad = mutate(items, Math.floor(rand() * k))
        const reference = await snarkjsSays(bad)
        expect(reference.filter((ok) => !ok), name).toHaveLength(1)
        expect(await contractSays(bad, folded), `${name}, k = ${k}`).toBe(false)
      }
    }
  }, 240_000)

  it('swapping the public inputs of two different proofs fails, as it does for snarkjs', async () => {
    const [a, b] = [set!.items[0]!, set!.items.find((x) => x.signals.join() !== set!.items[0]!.signals.join())!]
    const swapped = [{ ...a, signals: b.signals }, { ...b, signals: a.signals }]
    expect(await snarkjsSays(swapped)).toEqual([false, false])
    expect(await contractSays(swapped, set!.foldedInputs)).toBe(false)
    expect(await contractSays([a, b], set!.foldedInputs)).toBe(true)
  }, 60_000)

  it('refuses an input ≥ r (it would act as v − r), a point off the curve, and a wrong count, without reverting', async () => {
    const a = set!.items[0]!
    const folded = set!.foldedInputs
    const plusR = { ...a, signals: a.signals.map((v, j) => (j === folded ? v + SNARK_SCALAR_FIELD : v)) }
    expect(await contractSays([plusR], folded)).toBe(false)
    const offCurve = { ...a, words: [a.words[0]!, a.words[1]! + 1n, ...a.words.slice(2)] }
    expect(await contractSays([offCurve], folded)).toBe(false)
    const inputs = a.signals.slice(folded)
    const data = encodeFunctionData({ abi, functionName: 'verify', args: [[...inputs, 0n], [a.words]] })
    const { data: ret } = await client.call({ to: verifier, data })
    expect(decodeFunctionResult({ abi, functionName: 'verify', data: ret! })).toBe(false)
    expect(await contractSays([], folded)).toBe(false)
  }, 60_000)
})
