import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { chromiumArgs, chromiumPath } from '../playwright.config'
import { expect, test } from './fixtures'
import { startStaticApp } from './staticApp'

/** Waits until a service worker controls the page (the first visit installs it; a reload puts the page under it). */
async function installAndControl(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload()
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
}

test('Chromium finds the app installable (Page.getInstallabilityErrors returns none)', async ({ devnet }) => {
  // A normal (non-incognito) profile: Chromium never offers installation in incognito contexts.
  const profile = mkdtempSync(join(tmpdir(), 'lantern-profile-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs, headless: true })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(devnet.urls.app)
    await expect(page.getByTestId('l1-block-number')).toHaveText(/^\d+$/)
    await installAndControl(page)
    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] }
    expect(installabilityErrors).toEqual([])
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] }
    expect(manifest.url).toMatch(/\/manifest\.webmanifest$/)
    expect(manifest.errors).toEqual([])
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
})

test('the manifest icons are PNGs of the declared sizes', async ({ page }) => {
  await page.goto('/')
  // The manifest's PNG icons are real images of the declared sizes.
  for (const [src, size] of [['/icons/icon-192.png', 192], ['/icons/icon-512.png', 512], ['/icons/maskable-512.png', 512]] as const) {
    const dims = await page.evaluate(async (url) => {
      const img = new Image()
      img.src = url
      await img.decode()
      return [img.naturalWidth, img.naturalHeight]
    }, src)
    expect(dims).toEqual([size, size])
  }
})

test('offline, the installed app starts from cache and shows the last L1 block with its age', async ({ page, context }) => {
  await page.goto('/')
  const block = page.getByTestId('l1-block-number')
  await expect(block).toHaveText(/^\d+$/)
  await installAndControl(page)
  await expect(block).toHaveText(/^\d+$/)
  const lastSeen = await block.textContent()
  // The zkey and circuit WASM are not in the precache (cached on first use only).
  const precached = await page.evaluate(async () => {
    const urls: string[] = []
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(req.url)
    return urls
  })
  expect(precached.some((u) => /\/index\.html(\?|$)/.test(u))).toBe(true)
  expect(precached.filter((u) => /\.(zkey|wasm)$/.test(u))).toEqual([])

  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('online-state')).toContainText('offline')
  await expect(page.getByText('Last known L1 block')).toBeVisible()
  await expect(block).toHaveText(lastSeen!)
  await expect(page.getByTestId('l1-block-age')).toHaveText(/^\d+ s ago$/)
  await context.setOffline(false)
})

test('a new service worker published while the page is open waits for the user, then takes over on "Reload and update"', async ({ page, devnet }) => {
  const app = await startStaticApp(devnet.files.runtimeConfig)
  try {
    await page.goto(app.url)
    await expect(page.getByTestId('l1-block-number')).toHaveText(/^\d+$/)
    await installAndControl(page)
    await expect(page.getByTestId('update-prompt')).toHaveCount(0)

    app.publishNewServiceWorker()
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()))
    await expect(page.getByTestId('update-prompt')).toBeVisible()
    // Nothing was activated behind the user's back: the new worker is still waiting.
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting !== null && r?.waiting !== undefined))).toBe(true)

    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-accept').click()])
    await expect(page.getByTestId('l1-block-number')).toHaveText(/^\d+$/)
    await expect(page.getByTestId('update-prompt')).toHaveCount(0)
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting ?? null))).toBeNull()
  } finally {
    await app.stop()
  }
})
