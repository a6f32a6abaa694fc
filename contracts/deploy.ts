// Deploys the Lantern L1 contracts from the artifacts contracts/build.ts wrote to contracts/out,
// linking public libraries (poseidon-solidity's PoseidonT* have public functions, so they are
// deployed once and their addresses spliced into every `__$…$__` placeholder).
// It writes nothing: the caller (the devnet, a test) decides where the Deployment goes.
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  type Abi,
  type Account,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
  type Chain,
  type Transport,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { readArtifact, type Artifact } from './build'

/** Where the Lantern contracts live on L1. Serialised as JSON (.devnet/deployment.json, /devnet.json). */
export type Deployment = {
  chainId: number
  deployer: Address
  /** L1 block of the first deployment transaction: a synchronizer never needs to look earlier. */
  startBlock: number
  /** Deployed contracts by lowerCamel name: `rollup`, `bridge`, `verifier`, … */
  contracts: Record<string, Address>
  /** Linked libraries by contract name, e.g. `PoseidonT3`. */
  libraries: Record<string, Address>
}

export type DeployLanternOptions = {
  rpcUrl: string
  /** A viem local account or a 0x private key. On the devnet: anvil account 0. */
  deployer: Account | Hex
  /** Address allowed to sequence batches; defaults to the deployer. */
  sequencer?: Address
  /** L1 blocks the sequencer has to consume a priority op (docs/PROTOCOL.md §1); devnet default 100. */
  priorityDeadlineBlocks?: number
}

export class DeployError extends Error {
  override name = 'DeployError'
}

/** The artifacts are missing: contracts/src has no such contract yet, or build:contracts was not run. */
export class ContractsNotBuiltError extends DeployError {
  override name = 'ContractsNotBuiltError'
  constructor(contractName: string) {
    super(
      `contracts/out/${contractName}.json not found: run \`npm run build:contracts\` (is contracts/src/${contractName}.sol there yet?)`,
    )
  }
}

type Clients = {
  wallet: WalletClient<Transport, Chain, Account>
  public: PublicClient
}

/**
 * Deploys artifacts by name, linking their libraries. Libraries are deployed at most once per
 * deployer, so several contracts using PoseidonT3 share one copy.
 */
export function createDeployer(clients: Clients) {
  const libraries: Record<string, Address> = {}
  let firstBlock: bigint | undefined

  async function sendDeploy(artifact: Artifact, args: readonly unknown[]): Promise<Address> {
    const bytecode = await link(artifact)
    const hash = await clients.wallet.deployContract({ abi: artifact.abi as Abi, bytecode, args })
    const receipt = await clients.public.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new DeployError(`deploying ${artifact.contractName} reverted (tx ${hash})`)
    }
    if (firstBlock === undefined || receipt.blockNumber < firstBlock) firstBlock = receipt.blockNumber
    return getAddress(receipt.contractAddress)
  }

  async function link(artifact: Artifact): Promise<Hex> {
    let code = artifact.bytecode.slice(2)
    for (const libs of Object.values(artifact.linkReferences)) {
      for (const [libName, positions] of Object.entries(libs)) {
        const address = libraries[libName] ?? (libraries[libName] = await sendDeploy(load(libName), []))
        const hex = address.slice(2).toLowerCase()
        for (const { start, length } of positions) {
          if (length !== 20) throw new DeployError(`unexpected link reference length ${length} for ${libName}`)
          code = code.slice(0, start * 2) + hex + code.slice((start + length) * 2)
        }
      }
    }
    if (code.includes('__$')) throw new DeployError(`unlinked library placeholder left in ${artifact.contractName}`)
    return `0x${code}`
  }

  function load(name: string): Artifact {
    const artifact = readArtifact(name)
    if (!artifact) throw new ContractsNotBuiltError(name)
    if (artifact.bytecode === '0x') throw new DeployError(`${name} has no bytecode (interface or abstract contract?)`)
    return artifact
  }

  return {
    /** Deploys contracts/out/<name>.json with constructor `args`, returns its address. */
    deploy: (name: string, args: readonly unknown[] = []) => sendDeploy(load(name), args),
    has: (name: string) => readArtifact(name) !== undefined,
    libraries,
    startBlock: () => firstBlock,
  }
}

/**
 * Deploys the whole Lantern stack and returns its addresses; writes nothing.
 *
 * CONTRACT OWNERS: keep this signature and the Deployment type stable (the devnet, relay, app
 * and e2e depend on them); adjust only the body below to the real constructors.
 */
export async function deployLantern(opts: DeployLanternOptions): Promise<Deployment> {
  const account = typeof opts.deployer === 'string' ? privateKeyToAccount(opts.deployer) : opts.deployer
  const probe = createPublicClient({ transport: http(opts.rpcUrl) })
  const chainId = await probe.getChainId()
  const chain = defineChain({
    id: chainId,
    name: `L1 ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [opts.rpcUrl] } },
  })
  const transport = http(opts.rpcUrl)
  const clients: Clients = {
    wallet: createWalletClient({ account, chain, transport }),
    public: createPublicClient({ chain, transport }) as PublicClient,
  }
  const d = createDeployer(clients)
  if (!d.has('Rollup')) throw new ContractsNotBuiltError('Rollup')

  // --- The real stack: adjust to the constructors in contracts/src (docs/PROTOCOL.md §8). ---
  const contracts: Record<string, Address> = {}
  contracts.rollup = await d.deploy('Rollup', [])
  // --- end of the part contract owners adjust ---

  return {
    chainId,
    deployer: account.address,
    startBlock: Number(d.startBlock() ?? 0n),
    contracts,
    libraries: { ...d.libraries },
  }
}
