// A small JSON-RPC client for the relay. Relay errors come back with `data.name` and
// `data.shortMessage` (relay/rpc/errors.ts) and are rebuilt here as a typed RelayRpcError.

export class RelayRpcError extends Error {
  override name = 'RelayRpcError'
  constructor(
    readonly code: number,
    readonly shortMessage: string,
    readonly remoteName: string | undefined,
  ) {
    super(shortMessage)
  }
}

export class RelayUnreachableError extends Error {
  override name = 'RelayUnreachableError'
}

let nextId = 1

export async function relayRequest<T>(relayUrl: string, method: string, params: unknown[] = []): Promise<T> {
  let res: Response
  try {
    res = await fetch(relayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
    })
  } catch (err) {
    throw new RelayUnreachableError(`The relay at ${relayUrl} is unreachable.`, { cause: err })
  }
  const json = (await res.json()) as {
    result?: T
    error?: { code: number; message: string; data?: { name?: string; shortMessage?: string } }
  }
  if (json.error) {
    throw new RelayRpcError(json.error.code, json.error.data?.shortMessage ?? json.error.message, json.error.data?.name)
  }
  return json.result as T
}

/** What `lantern_status` returns: declared once, in the relay's schema module. */
export type { LanternStatus } from '../../rpc/schema'
