/** The honest placeholder for a value only the light node can give. */
export function NotConnected({ what }: { what: string }) {
  return (
    <p className="notice" data-testid="node-not-connected">
      <strong>Light node not connected.</strong> {what}
    </p>
  )
}
