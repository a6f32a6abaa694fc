/**
 * ffjavascript's thread protocol (`threadman_thread.js`), as the prover's replacements for its
 * multi-exponentiations and FFTs (splitMultiExp.ts, splitFft.ts) speak it: a task is a list of
 * commands run in one thread against that thread's WASM memory, and its GET outputs come back.
 */

/** One command of a task. */
export type ThreadTask =
  | { cmd: 'ALLOCSET'; var: number; buff: Uint8Array }
  | { cmd: 'ALLOC'; var: number; len: number }
  | { cmd: 'CALL'; fnName: string; params: ({ var: number } | { val: number })[] }
  | { cmd: 'GET'; out: number; var: number; len: number }

/** The thread manager's queue: a task goes to the next free thread; `transfers` are moved, not cloned. */
export type ThreadQueue = {
  concurrency: number
  queueAction(task: ThreadTask[], transfers?: ArrayBuffer[]): Promise<Uint8Array[]>
}

/** The logger snarkjs passes down: its debug messages drive the prover's progress. */
export type ProgressLogger = { debug?: (message: string) => void } | undefined
