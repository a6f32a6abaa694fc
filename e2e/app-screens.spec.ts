// Every main screen, at desktop and phone widths: axe (WCAG 2.1 A/AA rules) finds no serious or
// critical violation, nothing overflows sideways down to 360 px, and a screenshot of each is kept
// in test-results/ (…/<screen>-<width>.png).
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { devnetRoles, expect, test } from './fixtures'

const SCREENS = ['account', 'bridge', 'pay', 'withdraw', 'batches', 'node', 'history'] as const
const WIDTHS = [1280, 390] as const

async function connectAndDerive(page: Page): Promise<void> {
  await page.goto('/')
  await page.getByTestId('connect-dev.lantern.devwallet').click()
  await expect(page.getByTestId('wallet-address')).toHaveText(devnetRoles.devWallet.address)
  await page.getByTestId('l2-derive').click()
  await expect(page.getByTestId('l2-pubkey')).toBeVisible()
}

for (const width of WIDTHS) {
  test(`every screen at ${width} px: no serious axe violation, no sideways overflow, screenshot kept`, async ({ page }, testInfo) => {
    // An axe run and a full-page screenshot per screen: 20–40 s on two cores, above half the default limit.
    test.setTimeout(120_000)
    await page.setViewportSize({ width, height: 900 })
    await connectAndDerive(page)
    for (const screen of SCREENS) {
      await page.getByTestId(`nav-${screen}`).click()
      await expect(page.getByTestId(`nav-${screen}`)).toHaveAttribute('aria-current', 'page')
      await expect(page.locator('main h2').first()).toBeVisible()
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${screen} at ${width}px`).toEqual([])
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `${screen} overflows sideways at ${width}px`).toBeLessThanOrEqual(0)
      await page.screenshot({ path: testInfo.outputPath(`${screen}-${width}.png`), fullPage: true })
    }
  })
}

test('nothing overflows sideways at 360 px, the narrowest supported width', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 })
  await connectAndDerive(page)
  for (const screen of SCREENS) {
    await page.getByTestId(`nav-${screen}`).click()
    await expect(page.locator('main h2').first()).toBeVisible()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow, `${screen} overflows sideways at 360px`).toBeLessThanOrEqual(0)
  }
})

test('the screens are reachable by keyboard and none shows a value the light node did not give', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByTestId('l1-block-number')).toHaveText(/^\d+$/)
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
  // Tab to the Bridge link and follow it with Enter.
  for (let i = 0; i < 10 && !(await page.getByTestId('nav-bridge').evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
  await expect(page.getByTestId('nav-bridge')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('nav-bridge')).toHaveAttribute('aria-current', 'page')
  for (const screen of ['pay', 'withdraw', 'batches', 'node', 'history'] as const) {
    await page.getByTestId(`nav-${screen}`).click()
    await expect(page.getByTestId(`nav-${screen}`)).toHaveAttribute('aria-current', 'page')
    await expect(page.locator('main h2').first()).toBeVisible()
  }
  // The light node runs in the page: the Node screen shows its own state, not a placeholder.
  await page.getByTestId('nav-node').click()
  await expect(page.getByTestId('node-state')).toHaveText('running: following L1 in this browser', { timeout: 30_000 })
})
