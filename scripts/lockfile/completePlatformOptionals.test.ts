import { describe, expect, it } from 'vitest'
import { completePlatformOptionals, platformFromName } from './completePlatformOptionals'

describe('platformFromName', () => {
  it.each([
    ['@foundry-rs/anvil-darwin-amd64', { os: 'darwin', cpu: 'x64' }],
    ['@foundry-rs/anvil-win32-amd64', { os: 'win32', cpu: 'x64' }],
    ['@rollup/rollup-linux-arm-musleabihf', { os: 'linux', cpu: 'arm', libc: 'musl' }],
    ['@rollup/rollup-linux-x64-gnu', { os: 'linux', cpu: 'x64', libc: 'glibc' }],
    ['@rollup/rollup-android-arm-eabi', { os: 'android', cpu: 'arm' }],
    ['@rollup/rollup-win32-ia32-msvc', { os: 'win32', cpu: 'ia32' }],
  ])('%s', (name, platform) => expect(platformFromName(name)).toEqual(platform))

  it('returns undefined for names without a platform', () => expect(platformFromName('react')).toBeUndefined())
})

describe('completePlatformOptionals', () => {
  it('adds only missing, exact-version platform packages, flagged optional with the parent’s dev flag', () => {
    const lock = {
      packages: {
        '': { name: 'x' },
        'node_modules/rollup': {
          version: '4.1.0',
          dev: true,
          optionalDependencies: { '@rollup/rollup-linux-x64-gnu': '4.1.0', '@rollup/rollup-darwin-arm64': '4.1.0', fsevents: '~2.3.2' },
        },
        'node_modules/@rollup/rollup-linux-x64-gnu': { version: '4.1.0', optional: true },
      },
    }
    expect(completePlatformOptionals(lock)).toEqual(['@rollup/rollup-darwin-arm64@4.1.0'])
    expect(lock.packages['node_modules/@rollup/rollup-darwin-arm64' as keyof typeof lock.packages]).toEqual({
      version: '4.1.0',
      cpu: ['arm64'],
      dev: true,
      optional: true,
      os: ['darwin'],
    })
    expect(Object.keys(lock.packages)[0]).toBe('')
    expect(completePlatformOptionals(lock)).toEqual([])
  })
})
