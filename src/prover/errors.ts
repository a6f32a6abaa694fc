import { BaseError, registerErrorClasses } from '../protocol/errors.js'

/** Proving failed: the witness does not satisfy the circuit (a batch that breaks a rule). */
export class ProofGenerationError extends BaseError {
  override name = 'ProofGenerationError'
  static override readonly code: string = 'PROOF_GENERATION_FAILED'
  constructor({ cause }: { cause: unknown }) {
    super('The batch circuit rejected the witness; no proof can be made for this batch.', {
      cause,
      metaMessages: ['Every rule of PROTOCOL.md §7.2 is a circuit constraint: the batch breaks one of them.'],
    })
  }
}

/** A proof, verification key or public input does not have the expected shape. */
export class InvalidProofFormatError extends BaseError {
  override name = 'InvalidProofFormatError'
  static override readonly code: string = 'INVALID_PROOF_FORMAT'
  constructor({ what, reason }: { what: string; reason: string }) {
    super(`Malformed ${what}: ${reason}.`, { data: { what, reason } })
  }
}

/** A prover artifact (witness generator or proving key) could not be downloaded. */
export class ArtifactDownloadError extends BaseError {
  override name = 'ArtifactDownloadError'
  static override readonly code: string = 'ARTIFACT_DOWNLOAD_FAILED'
  constructor({ url, reason }: { url: string; reason: string }, parameters: { cause?: unknown } = {}) {
    super(`Could not download ${url}: ${reason}.`, {
      ...parameters,
      metaMessages: ['Check the connection and retry; what was already downloaded is not kept until the file is complete.'],
      data: { url, reason },
    })
  }
}

registerErrorClasses(ProofGenerationError, InvalidProofFormatError, ArtifactDownloadError)
