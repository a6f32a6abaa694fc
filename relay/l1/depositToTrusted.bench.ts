// `npm run bench relay-deposit-to-trusted`: L1 blocks (and ms) from a deposit's inclusion on L1 to
// its trusted L2 credit, with the relay as `npm start` runs it: its own process (relay/main.ts)
// with the default environment (L1 polled every LANTERN_L1_POLL_MS = 1 s, 1 confirmation, the
// aggregator on), anvil mining a block every 2 s. One iteration: the dev wallet's account deposits
// 1000 gwei and the row waits until the relay's eth_getBalance shows it. `l1Blocks` is the worst
// of the timed deposits (L1 head when the credit showed − the deposit's block), `ms` the mean
// time from the receipt to the credit. The aggregator proves each earlier deposit's batch in the
// same process meanwhile, as it does under `npm start`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, createWalletClient, defineChain, http, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { buildContracts } from '../../contracts/build'
import { deployLantern } from '../../contracts/deploy'
import { bridgeAbi } from '../../contracts/generated/abis'
import type { Benchmark } from '../../scripts/bench/types'
import { devnetRoles } from '../../scripts/devnet/accounts'
import { type Anvil, setBlockTime, startAnvil } from '../../scripts/devnet/anvil'
import { type RelayProcess, startRelayProcess } from '../../scripts/devnet/relay'
import { rootDir } from '../../scripts/devnet/startDevnet'

const BLOCK_TIME_S = Number(process.env.LANTERN_L1_BLOCK_TIME ?? 2)
const GWEI = 10n ** 9n

let dir = ''
let anvil: Anvil | undefined
let relay: RelayProcess | undefined
let bridge: Hex
let chain: ReturnType<typeof defineChain>
const blocks: number[] = []
const millis: number[] = []

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function relayBalance(address: Hex): Promise<bigint> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(relay!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [address, 'latest'] }) })
      return BigInt(((await res.json()) as { result: Hex }).result)
    } catch (err) {
      // A reused keep-alive socket the server just closed; a relay that died says so in its log.
      if (attempt >= 5) throw new Error(`the relay does not answer; its log ends:\n${relay!.tail()}`, { cause: err })
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length)

export const benchmarks: Benchmark[] = [
  {
    id: 'relay-deposit-to-trusted',
    name: `relay-deposit-to-trusted: one Bridge.deposit, L1 inclusion → trusted L2 credit (relay as npm start runs it, a block every ${BLOCK_TIME_S} s)`,
    iterations: 5,
    warmup: 1,
    setup: async () => {
      dir = mkdtempSync(join(tmpdir(), 'lantern-bench-deposit-'))
      buildContracts()
      const [l1Port, relayPort] = [await freePort(), await freePort()]
      anvil = await startAnvil({ host: '127.0.0.1', port: l1Port, chainId: 31337, blockTime: 0, cwd: rootDir, logFile: join(dir, 'anvil.log') })
      const deployment = await deployLantern({ rpcUrl: anvil.rpcUrl, deployer: devnetRoles.deployer.privateKey, sequencer: devnetRoles.sequencer.address })
      const deploymentFile = join(dir, 'deployment.json')
      writeFileSync(deploymentFile, JSON.stringify(deployment))
      await setBlockTime(anvil.rpcUrl, BLOCK_TIME_S)
      bridge = deployment.contracts.bridge as Hex
      chain = defineChain({ id: 31337, name: 'devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [anvil.rpcUrl] } } })
      relay = await startRelayProcess({
        host: '127.0.0.1',
        port: relayPort,
        l1RpcUrl: anvil.rpcUrl,
        deploymentFile,
        dataDir: join(dir, 'relay'),
        sequencerPrivateKey: devnetRoles.sequencer.privateKey,
        aggregatorPrivateKey: devnetRoles.aggregator.privateKey,
        rootDir,
        logFile: join(dir, 'relay.log'),
      })
    },
    fn: async () => {
      const l1 = createPublicClient({ chain, transport: http(anvil!.rpcUrl) })
      const wallet = createWalletClient({ chain, account: privateKeyToAccount(devnetRoles.devWallet.privateKey), transport: http(anvil!.rpcUrl) })
      const owner = devnetRoles.devWallet.address
      const before = await relayBalance(owner)
      const hash = await wallet.writeContract({ address: bridge, abi: bridgeAbi, functionName: 'deposit', args: [owner, 0n, 0n], value: 1_000n * GWEI, chain })
      const receipt = await l1.waitForTransactionReceipt({ hash, pollingInterval: 50 })
      const seenAt = Date.now()
      for (;;) {
        if ((await relayBalance(owner)) > before) break
        await new Promise((r) => setTimeout(r, 50))
      }
      millis.push(Date.now() - seenAt)
      blocks.push(Number((await l1.getBlockNumber({ cacheTime: 0 })) - receipt.blockNumber))
    },
    teardown: async () => {
      await relay?.stop()
      await anvil?.stop()
      rmSync(dir, { recursive: true, force: true })
    },
    // The warm-up iteration also registers the account; the rows are the timed ones.
    metrics: () => {
      const timed = { b: blocks.slice(-5), ms: millis.slice(-5) }
      return { l1Blocks: Math.max(...timed.b), l1BlocksMean: mean(timed.b), l1BlocksEach: timed.b.join(' '), ms: Math.round(mean(timed.ms)), msMax: Math.max(...timed.ms) }
    },
  },
]
