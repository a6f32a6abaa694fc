/**
 * The UI's handle on the light node. One node runs per origin: the tab that gets the node's Web
 * Lock starts the node worker and serves every other tab over a BroadcastChannel; the others
 * attach to it and queue for the lock, so when the leading tab closes the next one starts its
 * own worker, which resumes from the database's checkpoint. Only the lock holder ever opens the
 * database, so two tabs never write it at once.
 */
import { type Endpoint, type Remote, expose, proxy, wrap } from 'comlink'
import type { NodeApi, NodeWorkerStatus, StartNodeParameters } from '../../workers/node/nodeApi.js'
import { NodeLeaderChangedError } from '../../workers/errors.js'
import { registerErrorTransfer } from '../../workers/node/errorTransfer.js'
import { defaultDatabaseName } from '../../workers/node/databaseName.js'
import { type SharedChannelEndpoint, sharedChannelEndpoint } from './sharedChannelEndpoint.js'

/** The part of `navigator.locks` used here. */
export type LockManagerLike = {
  request(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>
}

/** Options of `connectLightNode`. */
export type ConnectLightNodeOptions = {
  parameters: StartNodeParameters
  /** Creates the node worker (default: workers/node.worker.ts as a module worker). */
  createWorker?: () => Endpoint & { terminate?: () => void }
  locks?: LockManagerLike
  createChannel?: (name: string) => BroadcastChannel
}

/** What the UI calls. Every method goes to the one node of the origin, wherever it runs. */
export type LightNodeClient = Omit<NodeApi, 'start' | 'stop' | 'subscribe'> & {
  /** Whether this tab runs the node (`leader`) or talks to another tab's (`follower`). */
  role(): 'leader' | 'follower'
  /** Calls `listener` with the status after every change, in every tab. Returns the unsubscribe function. */
  subscribe(listener: (status: NodeWorkerStatus) => void): () => void
  /** Leaves: a leader stops its node and hands the lock to the next tab. */
  close(): Promise<void>
}

/** What the leader posts on the events channel. */
type NodeEvent = { type: 'status'; status: NodeWorkerStatus } | { type: 'leaving' }

const defaultWorker = () =>
  new Worker(new URL('../../workers/node.worker.ts', import.meta.url), { type: 'module', name: 'lantern-node' }) as Endpoint & { terminate(): void }

/** Connects this tab to the origin's light node, starting it if no other tab runs it. */
export async function connectLightNode(options: ConnectLightNodeOptions): Promise<LightNodeClient> {
  registerErrorTransfer()
  const { parameters } = options
  const locks = options.locks ?? (globalThis.navigator?.locks as unknown as LockManagerLike)
  const createChannel = options.createChannel ?? ((name: string) => new BroadcastChannel(name))
  const createWorker = options.createWorker ?? defaultWorker
  const name = parameters.databaseName ?? defaultDatabaseName(parameters.deployment)

  let backend: Remote<NodeApi>
  let role: 'leader' | 'follower' = 'follower'
  let closed = false
  let release: (() => void) | undefined
  let leaderResources: { worker: ReturnType<typeof createWorker>; rpc: SharedChannelEndpoint; events: BroadcastChannel } | undefined
  const listeners = new Set<(status: NodeWorkerStatus) => void>()
  const followerRpc = sharedChannelEndpoint(createChannel(`${name}:rpc`))
  const followerEvents = createChannel(`${name}:events`)
  // Calls in flight to another tab's node: failed with NodeLeaderChangedError when that tab leaves, never left hanging.
  const pending = new Set<(error: Error) => void>()
  const failPending = () => {
    for (const reject of pending) reject(new NodeLeaderChangedError())
    pending.clear()
  }
  followerEvents.addEventListener('message', (event: MessageEvent<NodeEvent>) => {
    if (role !== 'follower') return
    if (event.data.type === 'leaving') failPending()
    else for (const listener of listeners) listener(event.data.status)
  })
  const call = <T,>(run: (node: Remote<NodeApi>) => Promise<T>): Promise<T> => {
    if (role === 'leader') return run(backend)
    return new Promise<T>((resolve, reject) => {
      pending.add(reject)
      run(backend).then(resolve, reject).finally(() => pending.delete(reject))
    })
  }

  const becomeLeader = async (): Promise<void> => {
    const worker = createWorker()
    const remote = wrap<NodeApi>(worker)
    await remote.start(parameters)
    const rpc = sharedChannelEndpoint(createChannel(`${name}:rpc`))
    const events = createChannel(`${name}:events`)
    leaderResources = { worker, rpc, events }
    // An explicit forwarder: exposing a comlink proxy itself would forward property reads, not calls.
    const forward: Omit<NodeApi, 'start' | 'stop' | 'subscribe'> = {
      status: () => remote.status(),
      syncNow: () => remote.syncNow(),
      account: (index) => remote.account(index),
      accountIndexOf: (address) => remote.accountIndexOf(address),
      accountAt: (index, at) => remote.accountAt(index, at),
      batch: (n) => remote.batch(n),
      batchState: (n) => remote.batchState(n),
      priorityOp: (i) => remote.priorityOp(i),
      alarms: () => remote.alarms(),
      claimProof: (n, slot) => remote.claimProof(n, slot),
      escapeProof: (index) => remote.escapeProof(index),
      noteTrustedBatch: (trusted) => remote.noteTrustedBatch(trusted),
    }
    expose(forward, rpc)
    await remote.subscribe(
      proxy((status: NodeWorkerStatus) => {
        if (leaderResources?.events === events) events.postMessage({ type: 'status', status } satisfies NodeEvent)
        for (const listener of listeners) listener(status)
      }),
    )
    backend = remote
    role = 'leader'
    failPending()
  }

  // Try to lead now; otherwise follow and queue for the lock.
  const ready = new Promise<void>((resolve, reject) => {
    void locks
      .request(name, { ifAvailable: true }, async (lock) => {
        if (lock === null || lock === undefined) {
          backend = wrap<NodeApi>(followerRpc)
          resolve()
          void locks.request(name, {}, async () => {
            if (closed) return
            await becomeLeader()
            await new Promise<void>((held) => (release = held))
          })
          return
        }
        try {
          await becomeLeader()
          resolve()
        } catch (error) {
          reject(error)
          return
        }
        await new Promise<void>((held) => (release = held))
      })
      .catch(reject)
  })
  await ready

  return {
    role: () => role,
    status: () => call((node) => node.status()),
    syncNow: () => call((node) => node.syncNow()),
    account: (index) => call((node) => node.account(index)),
    accountIndexOf: (address) => call((node) => node.accountIndexOf(address)),
    accountAt: (index, at) => call((node) => node.accountAt(index, at)),
    batch: (n) => call((node) => node.batch(n)),
    batchState: (n) => call((node) => node.batchState(n)),
    priorityOp: (i) => call((node) => node.priorityOp(i)),
    alarms: () => call((node) => node.alarms()),
    claimProof: (n, slot) => call((node) => node.claimProof(n, slot)),
    escapeProof: (index) => call((node) => node.escapeProof(index)),
    noteTrustedBatch: (trusted) => call((node) => node.noteTrustedBatch(trusted)),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      closed = true
      if (leaderResources !== undefined) {
        leaderResources.events.postMessage({ type: 'leaving' } satisfies NodeEvent)
        await backend.stop()
        leaderResources.rpc.close()
        leaderResources.events.close()
        leaderResources.worker.terminate?.()
        leaderResources = undefined
      }
      followerRpc.close()
      followerEvents.close()
      release?.()
    },
  }
}
