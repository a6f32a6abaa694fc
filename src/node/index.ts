/** The light node facade the UI calls (see connectLightNode). */
export { type ConnectLightNodeOptions, type LightNodeClient, type LockManagerLike, connectLightNode } from './connectLightNode.js'
export type { NodeWorkerStatus, StartNodeParameters } from '../../workers/node/nodeApi.js'
export type { Alarm, AlarmKind } from '../../workers/node/alarms.js'
export type { AccountState, NodeStatus, SettledState } from '../../workers/node/lightNode.js'
export { type Eip1193Provider, type LightNodeReads, lightNodeProvider } from './lightNodeProvider.js'
