// One BaseError for the whole project (CONVENTIONS.md): the relay's errors extend the protocol's,
// so a protocol error thrown inside a method crosses JSON-RPC the same way as a relay error.
export { BaseError, type BaseErrorParameters } from '../src/protocol/errors'
