// Failures a person starting the devnet can act on. The CLI prints `message` only (no stack).
export class DevnetError extends Error {
  override name = 'DevnetError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

export class PortInUseError extends DevnetError {
  override name = 'PortInUseError'
  constructor(readonly busy: { name: string; port: number; envVar?: string | undefined }[]) {
    super(
      `Port${busy.length > 1 ? 's' : ''} already in use: ${busy
        .map((b) => `${b.port} (${b.name}${b.envVar ? `, change with ${b.envVar}` : ''})`)
        .join(', ')}. Stop the other process (another \`npm start\`?) or pick free ports.`,
    )
  }
}

export class AnvilStartError extends DevnetError {
  override name = 'AnvilStartError'
}

export class RelayStartError extends DevnetError {
  override name = 'RelayStartError'
}

export class AppStartError extends DevnetError {
  override name = 'AppStartError'
}

export class DeployFailedError extends DevnetError {
  override name = 'DeployFailedError'
}
