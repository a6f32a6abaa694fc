/**
 * Typed errors of the protocol layer, viem-style: a short message a UI can show, optional
 * details and meta lines, the cause, and a stable string `code`. Errors cross comlink and
 * JSON-RPC as plain objects (`serializeError`) and are rebuilt as the same class on the
 * other side (`deserializeError`), so `instanceof` keeps working across a worker boundary.
 */

/** JSON-safe structured data attached to an error (bigints are carried as decimal strings). */
export type ErrorData = Record<string, string | number | boolean | null>

/** Options shared by every error of this module. */
export type BaseErrorParameters = {
  cause?: unknown
  details?: string
  metaMessages?: string[]
  data?: ErrorData
}

/** Root of every error of the project (protocol, prover, relay, RPC client): one hierarchy. */
export class BaseError extends Error {
  override name = 'BaseError'
  /** Stable machine-readable code of this class; never changes once released. */
  static readonly code: string = 'LANTERN_ERROR'
  /** One human sentence, without details. */
  readonly shortMessage: string
  readonly details: string | undefined
  readonly metaMessages: string[] | undefined
  /** Structured facts about the failure (indices, amounts as decimal strings, slot). */
  readonly data: ErrorData

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const { cause, details, metaMessages, data } = parameters
    const causeDetails =
      details ?? (cause instanceof BaseError ? cause.details : cause instanceof Error ? cause.message : undefined)
    super(composeMessage(shortMessage, metaMessages, causeDetails), cause === undefined ? undefined : { cause })
    this.shortMessage = shortMessage
    this.details = causeDetails
    this.metaMessages = metaMessages
    this.data = { ...data }
  }

  /** Stable machine-readable code (the class's static `code`), e.g. `NONCE_MISMATCH`. */
  get code(): string {
    return (this.constructor as typeof BaseError).code
  }
}

function composeMessage(shortMessage: string, metaMessages?: string[], details?: string): string {
  const parts = [shortMessage]
  if (metaMessages && metaMessages.length > 0) parts.push(metaMessages.join('\n'))
  if (details) parts.push(`Details: ${details}`)
  return parts.join('\n\n')
}

/** `loadCrypto()` has not completed yet; Poseidon and EdDSA are unavailable. */
export class CryptoNotLoadedError extends BaseError {
  override name = 'CryptoNotLoadedError'
  static override readonly code: string = 'CRYPTO_NOT_LOADED'
  constructor() {
    super('Cryptography is not initialised: await loadCrypto() first.')
  }
}

/** A value that must be a canonical field element (an integer in [0, r)) is not. */
export class InvalidFieldElementError extends BaseError {
  override name = 'InvalidFieldElementError'
  static override readonly code: string = 'INVALID_FIELD_ELEMENT'
  constructor({ what, value }: { what: string; value: unknown }) {
    super(`${what} is not a canonical field element.`, {
      details: `got ${String(value)}`,
      data: { what, value: String(value) },
    })
  }
}

/** A caller passed a malformed argument (wrong length, wrong format). */
export class InvalidParameterError extends BaseError {
  override name = 'InvalidParameterError'
  static override readonly code: string = 'INVALID_PARAMETER'
  constructor({ parameter, reason }: { parameter: string; reason: string }) {
    super(`Invalid ${parameter}: ${reason}.`, { data: { parameter, reason } })
  }
}

/** An L2 transaction's signature does not verify for the sender's key over its txHash (§4.4 rule 6). */
export class InvalidSignatureError extends BaseError {
  override name = 'InvalidSignatureError'
  static override readonly code: string = 'INVALID_SIGNATURE'
  constructor({ accountIndex, reason }: { accountIndex?: number; reason?: string } = {}, parameters: BaseErrorParameters = {}) {
    super(
      accountIndex === undefined
        ? 'The signature is not valid.'
        : `The signature is not valid for account ${accountIndex}'s key.`,
      { details: reason, ...parameters, data: { accountIndex: accountIndex ?? null, ...parameters.data } },
    )
  }
}

/** The signature is valid, but for another chain id or rollup deployment (§4.4 rule 6). */
export class WrongChainError extends InvalidSignatureError {
  override name = 'WrongChainError'
  static override readonly code: string = 'WRONG_CHAIN'
  constructor({
    accountIndex,
    expected,
    signedFor,
  }: {
    accountIndex: number
    expected: { chainId: bigint; rollupAddress: bigint }
    signedFor: { chainId: bigint; rollupAddress: bigint }
  }) {
    super(
      { accountIndex, reason: 'signed for another chain or rollup deployment' },
      {
        metaMessages: [
          `Expected: chain ${expected.chainId}, rollup 0x${expected.rollupAddress.toString(16).padStart(40, '0')}`,
          `Signed for: chain ${signedFor.chainId}, rollup 0x${signedFor.rollupAddress.toString(16).padStart(40, '0')}`,
        ],
        data: { signedForChainId: signedFor.chainId.toString(), expectedChainId: expected.chainId.toString() },
      },
    )
  }
}

/** The transaction's nonce is not the sender's current nonce (§4.4 rule 4). */
export class NonceMismatchError extends BaseError {
  override name = 'NonceMismatchError'
  static override readonly code: string = 'NONCE_MISMATCH'
  constructor({ accountIndex, expected, actual }: { accountIndex: number; expected: bigint; actual: bigint }) {
    const kind = actual < expected ? 'too low (already used: replay)' : 'too high (gap)'
    super(`Nonce ${actual} is ${kind}: account ${accountIndex} is at nonce ${expected}.`, {
      data: { accountIndex, expected: expected.toString(), actual: actual.toString() },
    })
  }
}

/** The sender's nonce is 2^32 − 1: a transaction would take it past its 32 bits, so the executor refuses it (§2.1). */
export class NonceExhaustedError extends BaseError {
  override name = 'NonceExhaustedError'
  static override readonly code: string = 'NONCE_EXHAUSTED'
  constructor({ accountIndex }: { accountIndex: number }) {
    super(`Account ${accountIndex} is at nonce 2^32 − 1 and can send no more L2 transactions.`, {
      metaMessages: ['Its balance can still leave through an L1 forced exit.'],
      data: { accountIndex },
    })
  }
}

/** The sender cannot pay amount + fee (§4.4 rule 5). */
export class InsufficientBalanceError extends BaseError {
  override name = 'InsufficientBalanceError'
  static override readonly code: string = 'INSUFFICIENT_BALANCE'
  constructor({ accountIndex, balance, required }: { accountIndex: number; balance: bigint; required: bigint }) {
    super(`Account ${accountIndex} has ${balance} gwei but needs ${required} gwei (amount + fee).`, {
      data: { accountIndex, balance: balance.toString(), required: required.toString() },
    })
  }
}

/** Which account of a slot an account error is about. */
export type AccountRole = 'from' | 'to' | 'fee'

/** The account at an index is empty (address 0) where an existing account is required (§4.4 rule 1, §6.3). */
export class UnknownAccountError extends BaseError {
  override name = 'UnknownAccountError'
  static override readonly code: string = 'UNKNOWN_ACCOUNT'
  constructor({ accountIndex, role }: { accountIndex: number; role: AccountRole }) {
    const what = role === 'from' ? 'sender' : role === 'to' ? 'recipient' : 'fee account'
    super(`The ${what} account ${accountIndex} does not exist.`, { data: { accountIndex, role } })
  }
}

/** The sender has no L2 key yet: (pubAx, pubAy) = (0, 0) (§4.4 rule 2). */
export class AccountKeyNotSetError extends BaseError {
  override name = 'AccountKeyNotSetError'
  static override readonly code: string = 'ACCOUNT_KEY_NOT_SET'
  constructor({ accountIndex }: { accountIndex: number }) {
    super(`Account ${accountIndex} has no L2 key yet; register one first.`, {
      metaMessages: ['A key is set by a DEPOSIT carrying a key or by an L1 REGISTER_KEY operation.'],
      data: { accountIndex },
    })
  }
}

/** A priority operation names an account index owned by another L1 address (§5.3). */
export class AccountOwnerMismatchError extends BaseError {
  override name = 'AccountOwnerMismatchError'
  static override readonly code: string = 'ACCOUNT_OWNER_MISMATCH'
  constructor({ accountIndex, owner, l1Address }: { accountIndex: number; owner: bigint; l1Address: bigint }) {
    super(`Account ${accountIndex} is not owned by the operation's L1 address.`, {
      metaMessages: [`Owner: ${hexAddress(owner)}`, `Operation address: ${hexAddress(l1Address)}`],
      data: { accountIndex, owner: hexAddress(owner), l1Address: hexAddress(l1Address) },
    })
  }
}

/** An amount or a resulting balance is outside [0, 2^64) (§4.4 rules 3 and 7, §6.3). */
export class AmountOutOfRangeError extends BaseError {
  override name = 'AmountOutOfRangeError'
  static override readonly code: string = 'AMOUNT_OUT_OF_RANGE'
  constructor({ what, value }: { what: string; value: bigint }) {
    super(`${what} (${value}) is outside [0, 2^64).`, { data: { what, value: value.toString() } })
  }
}

/** A fee is outside [0, 2^32) (§4.4 rule 3). */
export class FeeOutOfRangeError extends BaseError {
  override name = 'FeeOutOfRangeError'
  static override readonly code: string = 'FEE_OUT_OF_RANGE'
  constructor({ value }: { value: bigint }) {
    super(`Fee (${value}) is outside [0, 2^32).`, { data: { value: value.toString() } })
  }
}

/** An account index is outside [0, 2^16) (§4.4 rule 3). */
export class AccountIndexOutOfRangeError extends BaseError {
  override name = 'AccountIndexOutOfRangeError'
  static override readonly code: string = 'ACCOUNT_INDEX_OUT_OF_RANGE'
  constructor({ what, value }: { what: string; value: unknown }) {
    super(`${what} (${String(value)}) is not an account index in [0, 2^16).`, {
      data: { what, value: String(value) },
    })
  }
}

/** A transaction or priority operation is malformed: bad type, non-canonical fields (§4.2), bad op data (§5.1). */
export class InvalidTransactionError extends BaseError {
  override name = 'InvalidTransactionError'
  static override readonly code: string = 'INVALID_TRANSACTION'
  constructor({ reason }: { reason: string }, parameters: BaseErrorParameters = {}) {
    super(`Invalid transaction: ${reason}.`, { ...parameters, data: { reason, ...parameters.data } })
  }
}

/**
 * A priority slot and its op data do not hash to the op hash of the next unconsumed queued op
 * (§5.2, §6.1 step 2; the contract's `Rollup__PriorityOpMismatch`).
 */
export class PriorityOpMismatchError extends BaseError {
  override name = 'PriorityOpMismatchError'
  static override readonly code: string = 'PRIORITY_OP_MISMATCH'
  constructor({ slot, expected, actual }: { slot: number; expected: string | null; actual: string }) {
    super(
      expected === null
        ? `Slot ${slot} carries a priority operation but the queue has no unconsumed operation left.`
        : `Slot ${slot} does not carry the next queued priority operation.`,
      { data: { slot, expected, actual } },
    )
  }
}

/** A batch already holds BATCH_SLOTS items. */
export class BatchFullError extends BaseError {
  override name = 'BatchFullError'
  static override readonly code: string = 'BATCH_FULL'
  constructor({ slots }: { slots: number }) {
    super(`The batch is full: it has ${slots} slots.`, { data: { slots } })
  }
}

/** A batch execution was used after it was finalized, committed or discarded. */
export class BatchClosedError extends BaseError {
  override name = 'BatchClosedError'
  static override readonly code: string = 'BATCH_CLOSED'
  constructor({ state }: { state: string }) {
    super(`The batch execution is ${state}; start a new one.`, { data: { state } })
  }
}

/** Where in a batch record (or a concatenation of records) a decoding failure is. */
export type BatchDataLocation = {
  /** 0-based position of the record in a concatenation (0 for a single record). */
  record?: number
  /** 0-based slot of the record. */
  slot?: number
}

/** A batch record is malformed (§6.1 step 1); the two subclasses name the contract's two checks. */
export class InvalidBatchDataError extends BaseError {
  override name = 'InvalidBatchDataError'
  static override readonly code: string = 'INVALID_BATCH_DATA'
  constructor({ reason, record, slot }: BatchDataLocation & { reason: string }, parameters: BaseErrorParameters = {}) {
    const where = [record === undefined ? '' : ` in record ${record}`, slot === undefined ? '' : ` in slot ${slot}`].join('')
    super(`Invalid batch data${where}: ${reason}.`, {
      ...parameters,
      data: { reason, record: record ?? null, slot: slot ?? null },
    })
  }
}

/**
 * A batch record's framing is wrong: slotCount > BATCH_SLOTS, or the record runs past the end of
 * the bytes (the contract's `Rollup__InvalidBatchLength`, §6.1 step 1).
 */
export class InvalidBatchLengthError extends InvalidBatchDataError {
  override name = 'InvalidBatchLengthError'
  static override readonly code: string = 'INVALID_BATCH_LENGTH'
}

/**
 * A batch record's slot fails a stateless check: type above 5, bits 131–135 set, a NOOP that is
 * not 0, a WITHDRAW with toIndex ≠ 0 (the contract's `Rollup__InvalidTransaction`, §6.1 step 1).
 */
export class InvalidBatchSlotError extends InvalidBatchDataError {
  override name = 'InvalidBatchSlotError'
  static override readonly code: string = 'INVALID_BATCH_SLOT'
}

/** A store returned bytes that cannot be a value this module wrote. */
export class CorruptStoreError extends BaseError {
  override name = 'CorruptStoreError'
  static override readonly code: string = 'CORRUPT_STORE'
  constructor({ key, reason }: { key: string; reason: string }, parameters: BaseErrorParameters = {}) {
    super(`Corrupt store entry "${key}": ${reason}.`, { ...parameters, data: { key, reason } })
  }
}

function hexAddress(value: bigint): string {
  return `0x${value.toString(16).padStart(40, '0')}`
}

/** The plain-object form of an error, safe for structured clone and JSON. */
export type SerializedError = {
  name: string
  code: string
  shortMessage: string
  message: string
  details?: string
  metaMessages?: string[]
  data?: ErrorData
  cause?: SerializedError
}

/** A class of the project's errors, as the registry sees it. */
export type ErrorClass = { readonly code: string; readonly prototype: BaseError; readonly name: string }

/** A code registered twice for different classes: the wire could not say which one is meant. */
export class DuplicateErrorCodeError extends BaseError {
  override name = 'DuplicateErrorCodeError'
  static override readonly code: string = 'DUPLICATE_ERROR_CODE'
  constructor({ code, registered, candidate }: { code: string; registered: string; candidate: string }) {
    super(`Error code ${code} is already registered by ${registered}; ${candidate} needs its own code.`, {
      data: { code, registered, candidate },
    })
  }
}

// Open registry: every module that defines error classes registers them next to their
// definition (src/prover, relay/, src/rpc), so whoever imports a class can also rebuild it.
const registry = new Map<string, ErrorClass>()

/** Every registered error code, mapped to its class (live: grows as modules register theirs). */
export const errorClassesByCode: ReadonlyMap<string, ErrorClass> = registry

/**
 * Registers error classes so `deserializeError` rebuilds them by code. Registering the same class
 * again is a no-op; a code already taken by another class throws DuplicateErrorCodeError, as does
 * a subclass that inherited its parent's code instead of declaring its own.
 */
export function registerErrorClasses(...classes: readonly ErrorClass[]): void {
  for (const errorClass of classes) {
    const taken = registry.get(errorClass.code)
    if (taken === errorClass) continue
    if (taken !== undefined) {
      throw new DuplicateErrorCodeError({ code: errorClass.code, registered: taken.name, candidate: errorClass.name })
    }
    registry.set(errorClass.code, errorClass)
  }
}

registerErrorClasses(
  BaseError,
  DuplicateErrorCodeError,
  CryptoNotLoadedError,
  InvalidFieldElementError,
  InvalidParameterError,
  InvalidSignatureError,
  WrongChainError,
  NonceMismatchError,
  NonceExhaustedError,
  InsufficientBalanceError,
  UnknownAccountError,
  AccountKeyNotSetError,
  AccountOwnerMismatchError,
  AmountOutOfRangeError,
  FeeOutOfRangeError,
  AccountIndexOutOfRangeError,
  InvalidTransactionError,
  PriorityOpMismatchError,
  BatchFullError,
  BatchClosedError,
  InvalidBatchDataError,
  InvalidBatchLengthError,
  InvalidBatchSlotError,
  CorruptStoreError,
)

/** Turns any thrown value into a plain object that survives postMessage and JSON. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof BaseError) {
    return {
      name: error.name,
      code: error.code,
      shortMessage: error.shortMessage,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(error.metaMessages === undefined ? {} : { metaMessages: [...error.metaMessages] }),
      data: { ...error.data },
      ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
    }
  }
  if (error instanceof Error) {
    return {
      name: error.name,
      code: 'UNKNOWN',
      shortMessage: error.message,
      message: error.message,
      ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
    }
  }
  return { name: 'Error', code: 'UNKNOWN', shortMessage: String(error), message: String(error) }
}

/**
 * Rebuilds a serialized error as an instance of the registered class its `code` names
 * (BaseError for an unknown code), with the same messages and data.
 */
export function deserializeError(serialized: SerializedError): BaseError {
  const errorClass = errorClassesByCode.get(serialized.code) ?? BaseError
  // Constructors take argument objects that are not serialized; run only BaseError's
  // constructor with the target class as new.target (so the prototype, hence instanceof, is
  // right) and restore every field from the serialized form.
  const error = Reflect.construct(BaseError, [serialized.shortMessage], errorClass as unknown as new (...args: never[]) => BaseError) as BaseError
  const fields: Record<string, unknown> = {
    name: serialized.name,
    code: serialized.code,
    shortMessage: serialized.shortMessage,
    message: serialized.message,
    details: serialized.details,
    metaMessages: serialized.metaMessages,
    data: { ...serialized.data },
  }
  if (serialized.cause !== undefined) fields.cause = deserializeError(serialized.cause)
  for (const [key, value] of Object.entries(fields)) {
    Object.defineProperty(error, key, { value, writable: true, enumerable: key !== 'message', configurable: true })
  }
  return error
}
