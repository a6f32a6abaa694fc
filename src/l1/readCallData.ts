import { type Address, type Client, type Hex, decodeFunctionData, isAddressEqual } from 'viem'
import { getTransaction } from 'viem/actions'
import { rollupAbi } from '../../contracts/generated/abis.js'
import { L1ReadError, UnexpectedL1DataError } from './errors.js'

type RollupCall = ReturnType<typeof decodeFunctionData<typeof rollupAbi>>

/**
 * The decoded Rollup call of transaction `hash`, which must be a direct call to `rollup` of
 * `functionName` (the records are read from that calldata; a call made through another contract
 * is an UnexpectedL1DataError, which a trace-based reader would lift).
 */
export async function readRollupCall<name extends RollupCall['functionName']>(
  client: Client,
  { rollup, hash, functionName }: { rollup: Address; hash: Hex; functionName: name },
): Promise<Extract<RollupCall, { functionName: name }>> {
  let tx
  try {
    tx = await getTransaction(client, { hash })
  } catch (cause) {
    throw new L1ReadError({ what: `transaction ${hash}` }, { cause })
  }
  if (tx.to === null || tx.to === undefined || !isAddressEqual(tx.to, rollup)) {
    throw new UnexpectedL1DataError({ what: functionName, txHash: hash, reason: 'the transaction is not a direct call to the Rollup' })
  }
  let call: RollupCall
  try {
    call = decodeFunctionData({ abi: rollupAbi, data: tx.input })
  } catch {
    throw new UnexpectedL1DataError({ what: functionName, txHash: hash, reason: 'the calldata is not a Rollup call' })
  }
  if (call.functionName !== functionName) {
    throw new UnexpectedL1DataError({ what: functionName, txHash: hash, reason: `the transaction calls ${call.functionName}` })
  }
  return call as Extract<RollupCall, { functionName: name }>
}
