// The environment-check page: starts fresh copies of the worker on request and relays JSON
// commands to them, so Playwright can drive real module workers built by Vite.
const workers = new Map<number, Worker>()
let nextId = 0

function start(): Promise<number> {
  const id = nextId++
  const worker = new Worker(new URL('./envCheck.worker.ts', import.meta.url), { type: 'module' })
  workers.set(id, worker)
  return new Promise((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(`worker failed to load: ${event.message}`))
    worker.onmessage = () => resolve(id)
  })
}

function send(id: number, command: string): Promise<string> {
  const worker = workers.get(id)
  if (!worker) return Promise.reject(new Error(`no worker ${id}`))
  return new Promise((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(`worker error: ${event.message}`))
    worker.onmessage = (event: MessageEvent<string>) => resolve(event.data)
    worker.postMessage(command)
  })
}

function stop(id: number): void {
  workers.get(id)?.terminate()
  workers.delete(id)
}

Object.assign(globalThis, { envCheck: { start, send, stop } })
document.body.dataset.ready = 'true'
