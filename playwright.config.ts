import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Browser tests drive Debian's Chromium (`npx playwright install` cannot work here). A missing
// browser is one clear line, not a stack trace.
export const chromiumPath = process.env.LANTERN_CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromiumPath)) {
  console.error(
    `\nChromium not found at ${chromiumPath}. Install it with \`apt-get install -y chromium\` (what .ci/run does), or set LANTERN_CHROMIUM_PATH.\n`,
  )
  process.exit(1)
}

/** The Chromium flags every browser test uses (also for persistent contexts a spec launches itself). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
]

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // One devnet per worker and two cores: run specs one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results',
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
    // Failures keep a trace and a screenshot under test-results/.
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
})
