import { describe, expect, it } from 'vitest'
import { InvalidDeploymentError, L1ReadError, UnexpectedL1DataError } from '../src/l1/errors.js'
import { InvalidProofFormatError } from '../src/prover/errors.js'
import { errorClassesByCode, serializeError } from '../src/protocol/errors.js'
import {
  ClaimNotAvailableError,
  DeploymentMismatchError,
  NodeLeaderChangedError,
  NodeNotRunningError,
  ReorgBeyondHistoryError,
  StorageClosedError,
  StorageFailedError,
  StorageVersionError,
  deserializeNodeError,
} from './errors.js'

describe('node errors in the shared registry', () => {
  const samples = [
    new StorageClosedError({ reason: 'versionchange' }),
    new StorageVersionError({ found: 3, supported: 2 }),
    new StorageFailedError({ operation: 'batch', quota: true }),
    new NodeNotRunningError({ state: 'stopped' }),
    new DeploymentMismatchError({ stored: { chainId: 1n, rollupAddress: 2n }, expected: { chainId: 3n, rollupAddress: 4n } }),
    new ReorgBeyondHistoryError({ block: 9n, retainedSteps: 256 }),
    new NodeLeaderChangedError(),
    new ClaimNotAvailableError({ batchNumber: 1n, slot: 0, reason: 'no exit' }),
    new L1ReadError({ what: 'head' }),
    new UnexpectedL1DataError({ what: 'x', txHash: null, reason: 'y' }),
    new InvalidDeploymentError({ reason: 'z' }),
    new InvalidProofFormatError({ what: 'proof', reason: 'w' }),
  ]

  it.each(samples.map((error) => [error.name, error] as const))('%s is registered and crosses as itself', (_name, error) => {
    expect(errorClassesByCode.get(error.code)).toBe(error.constructor)
    const rebuilt = deserializeNodeError(structuredClone(serializeError(error)))
    expect(rebuilt).toBeInstanceOf(error.constructor)
    expect(rebuilt).toMatchObject({ code: error.code, shortMessage: error.shortMessage })
  })
})
