import { describe, expect, it } from 'vitest'
import { parseDeployment } from './deployment.js'
import { InvalidDeploymentError } from './errors.js'

const valid = {
  chainId: 31337,
  deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  startBlock: 1,
  contracts: { rollup: '0x5FbDB2315678afecb367f032d93F642f64180aa3', bridge: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' },
  libraries: {},
}

describe('parseDeployment', () => {
  it('accepts the devnet deployment file', () => {
    expect(parseDeployment(valid)).toEqual(valid)
  })

  it('refuses a bad address, a missing Rollup or Bridge, and a non-object', () => {
    expect(() => parseDeployment({ ...valid, deployer: '0x12' })).toThrow(InvalidDeploymentError)
    expect(() => parseDeployment({ ...valid, contracts: { bridge: valid.contracts.bridge } })).toThrow(/no rollup address/)
    expect(() => parseDeployment({ ...valid, contracts: { rollup: valid.contracts.rollup } })).toThrow(/no bridge address/)
    expect(() => parseDeployment('{}')).toThrow(InvalidDeploymentError)
  })
})
