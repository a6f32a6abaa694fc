// One BaseError for the whole project: the relay's errors extend the protocol's, so a protocol
// error thrown inside a method crosses JSON-RPC the same way as a relay error. Each relay module
// registers its classes with registerErrorClasses next to their definition.
export { BaseError, type BaseErrorParameters, registerErrorClasses } from '../src/protocol/errors'
