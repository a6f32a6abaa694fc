/**
 * Lantern's browser-safe L1 module (viem only): the deployment shape, and actions reading the
 * Rollup's priority ops, sequenced batch records and verified batches with their proofs from
 * events and calldata. Shared by the light node's workers and the relay.
 */
export { type Deployment, deploymentSchema, parseDeployment } from './deployment.js'
export { InvalidDeploymentError, L1ReadError, UnexpectedL1DataError } from './errors.js'
export { readBlockHash, readHead } from './readBlock.js'
export { type ReadPriorityOpsParameters, readPriorityOps } from './readPriorityOps.js'
export { type ReadSequencedBatchesParameters, readSequencedBatches } from './readSequencedBatches.js'
export { type ReadVerifiedBatchesParameters, readVerifiedBatches } from './readVerifiedBatches.js'
export { readRollupCall } from './readCallData.js'
export type { L1BatchProof, L1BlockRef, QueuedPriorityOp, SequencedBatches, VerifiedBatches } from './types.js'
