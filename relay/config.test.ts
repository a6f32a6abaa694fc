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
