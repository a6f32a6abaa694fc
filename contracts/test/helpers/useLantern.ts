import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { type Lantern, type StartLanternOptions, expectBridgeSolvent, snapshot, startLantern } from './lantern'

/**
 * The lifecycle every contract test file shares: one private anvil and deployment per file, an
 * EVM snapshot before each test (taken before the file's own beforeEach set-up), and after each
 * test the Bridge's liability invariant (it holds at least what the real L2 state owes), then the revert. `onStart` receives the deployment
 * once it is up (files keep it in a module-level `L`) and may deploy fixtures of its own.
 * (Kept apart from lantern.ts, which must not import vitest: the gas bench reuses that rig.)
 */
export function useLantern(options: StartLanternOptions, onStart: (lantern: Lantern) => void | Promise<void>): void {
  let lantern: Lantern | undefined
  let restore: (() => Promise<void>) | undefined
  const started = (): Lantern => {
    if (!lantern) throw new Error('the Lantern deployment did not start (see the beforeAll error)')
    return lantern
  }
  beforeAll(async () => {
    lantern = await startLantern(options)
    await onStart(lantern)
  })
  afterAll(async () => {
    await lantern?.stop()
  })
  beforeEach(async () => {
    restore = await snapshot(started())
  })
  afterEach(async () => {
    await expectBridgeSolvent(started())
    await restore?.()
  })
}
