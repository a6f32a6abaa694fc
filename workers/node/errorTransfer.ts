import { type TransferHandler, transferHandlers } from 'comlink'
import { serializeError, type SerializedError } from '../../src/protocol/errors.js'
import { deserializeNodeError } from '../errors.js'

type Thrown = { value: unknown }

/**
 * Replaces comlink's `throw` handler (which rebuilds a plain Error, dropping the class, code and
 * data) with one that carries `serializeError`'s plain object and rebuilds the typed error on
 * the other side. Call it once in every realm that talks comlink to the node (page and workers).
 */
export function registerErrorTransfer(): void {
  const builtIn = transferHandlers.get('throw') as TransferHandler<Thrown, SerializedError> | undefined
  if (builtIn === undefined || (builtIn as { lantern?: true }).lantern) return
  const handler: TransferHandler<Thrown, SerializedError> & { lantern: true } = {
    lantern: true,
    canHandle: builtIn.canHandle,
    serialize: ({ value }) => [serializeError(value), []],
    deserialize: (serialized) => {
      throw deserializeNodeError(serialized)
    },
  }
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>)
}
