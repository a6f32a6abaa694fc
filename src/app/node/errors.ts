// Errors the app's node client raises, in words the screens show as they are.
import { BaseError, type BaseErrorParameters } from '../../protocol/errors'

/** A NodeClient feature the in-browser light node does not provide yet; the screen says so instead of pretending. */
export class NodeFeatureUnavailableError extends BaseError {
  override name = 'NodeFeatureUnavailableError'
  static override readonly code: string = 'NODE_FEATURE_UNAVAILABLE'
  constructor({ feature, reason }: { feature: string; reason: string }) {
    super(`${feature} is not available in this version of the app.`, { details: reason, data: { feature, reason } })
  }
}

/** The light node could not be started in this browser (no worker, no IndexedDB, L1 config missing, …). */
export class NodeStartError extends BaseError {
  override name = 'NodeStartError'
  static override readonly code: string = 'NODE_START_FAILED'
  constructor({ reason }: { reason: string }, parameters: BaseErrorParameters = {}) {
    super('The light node could not start in this browser.', { ...parameters, details: reason, data: { reason } })
  }
}
