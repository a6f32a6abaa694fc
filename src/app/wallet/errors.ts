// Errors of the wallet's L2 side (relay calls, signing, the outbox), in words the screens show.
import { BaseError, type BaseErrorParameters } from '../../protocol/errors'

/** The relay did not answer (offline, down, or no relay configured): a signed transaction waits in the outbox. */
export class RelayUnreachableError extends BaseError {
  override name = 'RelayUnreachableError'
  static override readonly code: string = 'RELAY_UNREACHABLE'
  constructor({ url }: { url: string | null }, parameters: BaseErrorParameters = {}) {
    super(url === null ? 'No relay is configured for this network.' : `The relay at ${url} did not answer.`, { ...parameters, data: { url } })
  }
}

/** The recipient's L1 address owns no L2 account yet (it must receive a deposit or register a key first). */
export class RecipientNotFoundError extends BaseError {
  override name = 'RecipientNotFoundError'
  static override readonly code: string = 'RECIPIENT_NOT_FOUND'
  constructor({ address }: { address: string }) {
    super(`${address} has no L2 account yet.`, { details: 'An L2 account is created by a deposit to that address or by its registering a key on L1.', data: { address } })
  }
}

/** What the wallet needs to sign is not known here (no balance, nonce or fee quote, e.g. offline before any online visit). */
export class SigningInputUnavailableError extends BaseError {
  override name = 'SigningInputUnavailableError'
  static override readonly code: string = 'SIGNING_INPUT_UNAVAILABLE'
  constructor({ what, reason }: { what: string; reason: string }) {
    super(`The ${what} is not known in this browser, so nothing was signed.`, { details: reason, data: { what, reason } })
  }
}

/** The escape-hatch withdrawal cannot be built from this browser's state. */
export class EscapeUnavailableError extends BaseError {
  override name = 'EscapeUnavailableError'
  static override readonly code: string = 'ESCAPE_UNAVAILABLE'
  constructor({ reason }: { reason: string }) {
    super('The escape-hatch withdrawal cannot be built in this browser yet.', { details: reason, data: { reason } })
  }
}
