/**
 * Alarms: what the node records, and the UI shows, when something it checks is wrong. A batch
 * with an alarm is never marked consolidated. Alarms are kept through reorg rewinds: they are
 * evidence that a relay or an L1 endpoint said something false.
 */
import type { SerializedError } from '../../src/protocol/errors.js'

/** What kind of disagreement an alarm records. */
export type AlarmKind =
  /** The relay's trusted batch is not the batch L1 sequenced under that number. */
  | 'relay-disagrees'
  /** A batch's proof from L1 does not verify with the public inputs this node computed. */
  | 'proof-invalid'
  /** Re-executing a sequenced batch broke a protocol rule: no valid proof of it can exist. */
  | 'reexecution-diverged'
  /** The roots L1 accepted for a batch are not the roots this node computed. */
  | 'l1-roots-differ'
  /** L1 data contradicts itself (records vs the accumulated input hash checkpoint, batch numbers, verified records): the L1 endpoint is not telling the truth. */
  | 'l1-data-inconsistent'

/** One recorded alarm. */
export type Alarm = {
  id: number
  kind: AlarmKind
  /** The batch it is about, when it is about one. */
  batchNumber: bigint | null
  /** One sentence for the UI. */
  message: string
  /** The typed error behind it, when there is one (rebuild with deserializeNodeError). */
  error: SerializedError | null
  /** The L1 block being processed when it was raised. */
  l1Block: bigint
}
