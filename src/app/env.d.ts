/// <reference types="vite/client" />

// Build-time variables; used only when /devnet.json is absent (documented in .env.example).
interface ImportMetaEnv {
  readonly VITE_NETWORK?: string
  readonly VITE_L1_RPC_URL?: string
  readonly VITE_L1_CHAIN_ID?: string
  readonly VITE_RELAY_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
