// Hands a signed L2 transaction to the relay, or keeps it in the outbox when the relay cannot be
// reached (offline, relay down). A refusal by the relay is thrown as its typed error and nothing
// is kept: the user sees why and nothing changed.
import type { LanternRelay } from './relay'
import { RelayUnreachableError } from './errors'
import { addL2Tx, type L2TxRecord } from './l2TxStore'

export type SubmitResult = { record: L2TxRecord; outcome: 'sent' | 'queued-offline' }

/** True when the browser says it has no network (the relay is not even tried). */
function browserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}

/** Sends `signed` (state `queued-offline`) through the relay; stores it as sent, or as queued when unreachable. */
export async function submitL2Transaction(relay: LanternRelay, signed: L2TxRecord, now: () => number = Date.now): Promise<SubmitResult> {
  if (browserOffline()) {
    addL2Tx(signed)
    return { record: signed, outcome: 'queued-offline' }
  }
  try {
    await relay.call('lantern_sendTransaction', [signed.signedTx])
  } catch (error) {
    if (error instanceof RelayUnreachableError) {
      addL2Tx(signed)
      return { record: signed, outcome: 'queued-offline' }
    }
    throw error
  }
  const record: L2TxRecord = { ...signed, state: 'sent', sentAt: now() }
  addL2Tx(record)
  return { record, outcome: 'sent' }
}
