// Entry of the relay bench's load-generator thread: registers tsx in the thread (a worker does
// not inherit the runner's loader), then loads the generator itself.
import { register } from 'tsx/esm/api'

register()
await import('./load.worker.ts')
