// The JSON-RPC errors live in the browser-safe src/rpc/errors.ts so clients rebuild the same
// classes; the relay imports them from here.
export * from '../../src/rpc/errors'
