/// <reference lib="webworker" />
/**
 * The prover worker: proves a batch with snarkjs off the page's thread (and off the node
 * worker's, so sync goes on while a proof runs). Started on demand by connectProver; the zkey and
 * witness generator are downloaded only when someone proves, then kept in Cache Storage.
 */
import { expose } from 'comlink'
import { registerErrorTransfer } from '../node/errorTransfer.js'
import { createProverService } from './proverService.js'

registerErrorTransfer()
expose(createProverService())
