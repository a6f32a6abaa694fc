// contracts/deploy.ts against a real anvil: the whole stack deploys wired to itself (verifier bound
// to the Rollup's address and chain), and the dev-ceremony verifier is refused on any chain but the
// devnet's unless forced.
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildContracts } from './build'
import { DEVNET_CHAIN_ID, InsecureVerifierError, deployLantern, isInsecureDevVerifier } from './deploy'
import { readArtifact } from './build'
import { rollupAbi } from './generated/abis'
import { startAnvil, type TestAnvil } from './test/helpers/anvil'

// anvil's account 0 (public, devnet only).
const DEPLOYER = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const verifierAbi = [
  { type: 'function', name: 'chainId', inputs: [], outputs: [{ type: 'uint256' }], stateMutability: 'view' },
  { type: 'function', name: 'rollup', inputs: [], outputs: [{ type: 'address' }], stateMutability: 'view' },
] as const

let devnet: TestAnvil
let other: TestAnvil

beforeAll(async () => {
  buildContracts()
  devnet = await startAnvil()
  other = await startAnvil(['--chain-id', '11155111'])
})

afterAll(async () => {
  await devnet?.stop()
  await other?.stop()
})

describe('deployLantern', () => {
  it('deploys verifier, Rollup and Bridge on the devnet, the verifier bound to this chain and this Rollup', async () => {
    const d = await deployLantern({ rpcUrl: devnet.rpcUrl, deployer: DEPLOYER, provingBlocksPerBatch: 9 })
    expect(d.chainId).toBe(DEVNET_CHAIN_ID)
    const client = createPublicClient({ transport: http(devnet.rpcUrl) })
    expect(await client.readContract({ address: d.contracts.verifier!, abi: verifierAbi, functionName: 'rollup' })).toBe(d.contracts.rollup)
    expect(await client.readContract({ address: d.contracts.verifier!, abi: verifierAbi, functionName: 'chainId' })).toBe(31337n)
    expect(await client.readContract({ address: d.contracts.rollup!, abi: rollupAbi, functionName: 'bridge' })).toBe(d.contracts.bridge)
    expect(await client.readContract({ address: d.contracts.rollup!, abi: rollupAbi, functionName: 'provingBlocksPerBatch' })).toBe(9n)
  })

  it('refuses the insecure dev-ceremony verifier on another chain, saying why, unless forced', async () => {
    expect(isInsecureDevVerifier(readArtifact('BatchVerifier')!)).toBe(true)
    const refused = await deployLantern({ rpcUrl: other.rpcUrl, deployer: DEPLOYER }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(InsecureVerifierError)
    expect((refused as Error).message).toMatch(/chain 11155111.*public beacon.*forge proofs/)
    const client = createPublicClient({ transport: http(other.rpcUrl) })
    expect(await client.getTransactionCount({ address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' })).toBe(0) // nothing was sent
    const forced = await deployLantern({ rpcUrl: other.rpcUrl, deployer: DEPLOYER, allowInsecureVerifier: true })
    expect(forced.chainId).toBe(11155111)
    expect(await client.readContract({ address: forced.contracts.verifier!, abi: verifierAbi, functionName: 'chainId' })).toBe(11155111n)
  })
})
