// Entry of a prover worker thread (proverThread.ts starts it).
//
// - The relay runs TypeScript through tsx, and a worker thread started from a test runner does
//   not inherit a loader: register tsx here first.
// - snarkjs's curve spreads its multi-exponentiations over threads made with the `web-worker`
//   package, which decides once, when first imported, whether it is the side that creates
//   workers (isMainThread) or a worker it created (then it runs the script named in workerData).
//   Imported in this thread it would take the second branch and crash; this thread creates
//   workers, so it must see itself as a main thread. Its own workers are new threads and see
//   the real value.
import threads from 'node:worker_threads'
import { register } from 'tsx/esm/api'

threads.isMainThread = true
register()
await import('./proveWorker.ts')
