// Entry of a signature-check worker thread: registers tsx in the thread (the relay runs from
// TypeScript sources, under tsx or vitest, and a worker does not inherit a test runner's loader),
// then loads the worker itself.
import { register } from 'tsx/esm/api'

register()
await import('./sigcheck.worker.ts')
