/**
 * Lantern's protocol layer (docs/PROTOCOL.md) — pure TypeScript, no DOM, no Node-only APIs,
 * no I/O. Call `await loadCrypto()` once before anything that hashes or signs.
 */
export * from './constants.js'
export * from './errors.js'
export {
  type Hex,
  addressToBigint,
  assertFieldElement,
  bigintToAddress,
  bigintToBytes,
  bytesToBigint,
  bytesToHex,
  hexToBytes,
  isFieldElement,
  parseDecimal,
  toBytes32Hex,
} from './field.js'

export { isCryptoLoaded, loadCrypto } from './crypto/loadCrypto.js'
export { poseidon } from './crypto/poseidon.js'
export {
  BABYJUB_SUBORDER,
  type L2PrivateKey,
  type L2PublicKey,
  type Signature,
  l2PublicKey,
  signPoseidon,
  verifyPoseidon,
} from './crypto/eddsa.js'
export { type L2KeyDomain, deriveL2PrivateKey, l2KeyMessage } from './crypto/l2Key.js'

export {
  ACCOUNT_BYTES,
  type Account,
  EMPTY_ACCOUNT,
  EMPTY_LEAF,
  accountsEqual,
  assertValidAccount,
  decodeAccount,
  encodeAccount,
  hasL2Key,
  isEmptyAccount,
  leafHash,
} from './account.js'

export type { KVBatchOp, KVStore } from './store/kvStore.js'
export { MemoryStore } from './store/memoryStore.js'
export { OverlayStore } from './store/overlayStore.js'

export { AccountTree, type AccountWithProof, assertAccountIndex } from './tree/accountTree.js'
export { computeMerkleRoot, verifyMerkleProof } from './tree/merkleProof.js'
export { emptyStateRoot, zeroHashes } from './tree/zeroHashes.js'

export { type UnpackedTx, assertCanonicalTx, packTx, txTypeName, unpackTx } from './tx/packTx.js'
export {
  type ChainDomain,
  type L2Tx,
  type SignedL2Tx,
  assertChainDomain,
  l2TxFields,
  packL2Tx,
  signTx,
  txHash,
  verifyTxSignature,
} from './tx/l2Tx.js'
export { type L2TxJson, parseL2Tx, serializeL2Tx } from './tx/l2TxJson.js'
export { type PriorityOp, assertValidPriorityOp, packedOp } from './tx/priorityOp.js'

export { GENESIS_ACC_INPUT_HASH, accInputHash } from './batch/accInputHash.js'
export { type BatchRecord, type DecodedBatchRecord, type OpData, encodeOpData } from './batch/batchRecord.js'
export { encodeBatchRecord } from './batch/encodeBatchRecord.js'
export { decodeBatchRecord, decodeBatchRecords } from './batch/decodeBatchRecords.js'
export { opHash } from './batch/opHash.js'
export { type BatchPublicInputsParameters, batchPublicInputs } from './batch/batchPublicInputs.js'
export { batchVerificationWeights } from './batch/batchVerificationWeights.js'
export { type Exit, exitLeafHash, exitProof, exitRoot, verifyExitProof } from './batch/exitTree.js'

export type {
  AppliedSlot,
  BatchContext,
  BatchOutcome,
  BatchResult,
  ExecutionOptions,
  SlotItem,
} from './executor/types.js'
export { BatchExecution } from './executor/batchExecution.js'
export { type ExecuteBatchOptions, executeBatch } from './executor/executeBatch.js'
export {
  type ExecuteRecordOptions,
  type RecordContext,
  executeBatchFromCalldata,
} from './executor/executeBatchFromCalldata.js'
export { simulateTx } from './executor/simulateTx.js'
export {
  type CircuitInput,
  type CircuitInputJson,
  PUBLIC_SIGNALS,
  circuitInputToJson,
} from './executor/circuitInput.js'
