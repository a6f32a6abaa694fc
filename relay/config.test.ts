import { describe, expect, it } from 'vitest'
import { InvalidConfigError, parseConfig } from './config'
import { testDeployment } from './testing'

const files = (content: string) => () => content
const deploymentJson = JSON.stringify(testDeployment)

describe('parseConfig', () => {
  it('applies defaults and reads the deployment file', () => {
    const config = parseConfig({}, files(deploymentJson))
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8546, l1RpcUrl: 'http://127.0.0.1:8545', deployment: testDeployment })
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.deployment)).toBe(true)
  })

  it('reads the proving settings: prover threads (0 = external only), job TTL, backlog limit', () => {
    expect(parseConfig({}, files(deploymentJson))).toMatchObject({ relayProvers: 1, proverJobTtlMs: 120_000, maxUnprovenBatches: 64 })
    const set = parseConfig({ LANTERN_RELAY_PROVERS: '0', LANTERN_PROVER_JOB_TTL_MS: '5000', LANTERN_MAX_UNPROVEN_BATCHES: '0' }, files(deploymentJson))
    expect(set).toMatchObject({ relayProvers: 0, proverJobTtlMs: 5_000, maxUnprovenBatches: 0 })
    expect(() => parseConfig({ LANTERN_RELAY_PROVERS: '-1' }, files(deploymentJson))).toThrow(InvalidConfigError)
  })

  it('reads the state history to keep (0 = all)', () => {
    expect(parseConfig({}, files(deploymentJson)).stateHistoryBatches).toBe(10_000)
    expect(parseConfig({ LANTERN_STATE_HISTORY_BATCHES: '0' }, files(deploymentJson)).stateHistoryBatches).toBe(0)
    expect(() => parseConfig({ LANTERN_STATE_HISTORY_BATCHES: '-5' }, files(deploymentJson))).toThrow(InvalidConfigError)
  })

  it('treats empty variables as unset', () => {
    expect(parseConfig({ LANTERN_RELAY_PORT: '' }, files(deploymentJson)).port).toBe(8546)
  })

  it('lists every bad key at once', () => {
    try {
      parseConfig({ LANTERN_RELAY_PORT: '70000', LANTERN_L1_RPC_URL: 'ftp://x' }, files(deploymentJson))
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidConfigError)
      const { issues } = err as InvalidConfigError
      expect(issues).toHaveLength(2)
      expect(issues.join('\n')).toMatch(/LANTERN_RELAY_PORT/)
      expect(issues.join('\n')).toMatch(/LANTERN_L1_RPC_URL/)
    }
  })

  it('explains a missing deployment file', () => {
    const missing = () => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' })
    }
    expect(() => parseConfig({}, missing)).toThrow(/cannot read .*deployment\.json \(ENOENT\)/)
  })

  it('rejects a deployment file with a bad address', () => {
    const bad = JSON.stringify({ ...testDeployment, contracts: { rollup: '0x1234' } })
    expect(() => parseConfig({}, files(bad))).toThrow(/contracts\.rollup/)
  })
})
