// A relay process for the crash-safety test: the real startRelay over a data dir, without L1
// (priority ops are a fixed in-memory queue, replayed identically on every start as the L1
// queue would be). Env: LANTERN_RELAY_PORT, LANTERN_RELAY_DATA_DIR, CRASH_ACCOUNTS.
import { deposit } from '../src/protocol/testing/fixtures'
import { parseConfig } from './config'
import { MemoryPriorityOpSource } from './sequencer/priorityOpSource'
import { startRelay } from './startRelay'
import { testDeployment } from './testing'

const accounts = Number(process.env.CRASH_ACCOUNTS ?? '4')
const config = parseConfig({ ...process.env, LANTERN_BATCH_MAX_WAIT_MS: '5' }, () => JSON.stringify(testDeployment))
const ops = new MemoryPriorityOpSource(Array.from({ length: accounts }, (_, i) => deposit(i + 1, 1_000_000_000_000n, i + 1)))
const relay = await startRelay(config, { priorityOps: ops, skipL1Check: true, logger: { error: (m, e) => console.error(m, e) } })
console.log(`ready ${relay.url}`)
