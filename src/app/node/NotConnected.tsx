/** The honest placeholder for a value only the light node can give. */
export function NotConnected({ what }: { what: string }) {
  return (
    <p className="notice" data-testid="node-not-connected">
      <strong>Light node not connected.</strong> {what}
    </p>
  )
}

/** A node call that failed (e.g. a feature the light node does not provide yet), in the error's own plain words. */
export function NodeCallFailed({ error }: { error: Error }) {
  const { shortMessage, details } = error as Error & { shortMessage?: string; details?: string }
  return (
    <p className="notice" data-testid="node-call-failed">
      {shortMessage === undefined ? error.message : `${shortMessage}${details ? ` ${details}` : ''}`}
    </p>
  )
}
