// The light node facade as the UI uses it, built once by Vite (e2e/pages/lightNode/vite.config.ts)
// for the Chromium specs and the browser-sync benchmark: the page holds the facade, the node and
// verifier workers are the real module workers.
import { connectLightNode } from '../../../src/node/index.js'

Object.assign(globalThis, { lightNode: { connectLightNode } })
document.body.dataset.ready = 'true'
