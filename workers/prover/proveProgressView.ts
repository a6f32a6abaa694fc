import type { ProverProgress } from './proverApi.js'

/** Share of the whole job before proving starts: downloads (first time only), then the witness. */
const DOWNLOAD_SHARE = 0.3
const WITNESS_SHARE = 0.05

export type ProveProgressView = { fraction: number; label: string }

const mb = (bytes: number) => (bytes / 1e6).toFixed(1)

/**
 * Folds the prover worker's progress events into one fraction of the whole job and a label in
 * plain words. Downloads of both artifacts count by bytes (the zkey is 95 % of them); a cached
 * artifact counts as done at once.
 */
export function proveProgressTracker(): (progress: ProverProgress) => ProveProgressView {
  const downloads = new Map<string, { loaded: number; total: number | null }>()
  let last: ProveProgressView = { fraction: 0, label: 'starting' }
  return (progress) => {
    let next: ProveProgressView
    if (progress.phase === 'download') {
      downloads.set(progress.artifact, { loaded: progress.loadedBytes, total: progress.totalBytes })
      const loaded = [...downloads.values()].reduce((s, d) => s + d.loaded, 0)
      const known = [...downloads.values()].every((d) => d.total !== null)
      const total = [...downloads.values()].reduce((s, d) => s + (d.total ?? 0), 0)
      const share = known && total > 0 ? loaded / total : 0
      const label = progress.fromCache
        ? `loading the ${progress.artifact === 'zkey' ? 'proving key' : 'witness generator'} from this browser's cache`
        : `downloading the proving key and witness generator: ${mb(loaded)}${known ? ` of ${mb(total)}` : ''} MB`
      next = { fraction: DOWNLOAD_SHARE * share, label }
    } else if (progress.phase === 'witness') {
      next = { fraction: DOWNLOAD_SHARE, label: 'computing the witness' }
    } else {
      // Exactly 1 when done (the sum of shares is not, in floating point).
      const fraction = progress.step === 'done' ? 1 : DOWNLOAD_SHARE + WITNESS_SHARE + (1 - DOWNLOAD_SHARE - WITNESS_SHARE) * progress.fraction
      next = { fraction, label: progress.step === 'done' ? 'proof ready' : `proving: ${progress.step}` }
    }
    // Two downloads interleave: never move the bar backwards.
    last = { fraction: Math.max(last.fraction, Math.min(1, next.fraction)), label: next.label }
    return last
  }
}
