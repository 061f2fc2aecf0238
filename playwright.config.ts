import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: Debian's Chromium (never a downloaded browser) against a real
 * `hookbay serve` per test (see test/e2e/fixtures.ts). The UI bench (bench/ui.bench.ts)
 * runs through the same runner only when asked (HOOKBAY_BENCH=1), never as part of `npm test`.
 */
const bench = Boolean(process.env.HOOKBAY_BENCH);

export default defineConfig({
  testDir: bench ? 'bench' : 'test/e2e',
  testMatch: bench ? /.*\.bench\.ts$/ : /.*\.spec\.ts$/,
  globalSetup: './test/e2e/global-setup.ts',
  timeout: bench ? 600_000 : 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Each test runs its own server and browser; two cores.
  workers: process.env.CI ? 1 : 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.HOOKBAY_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
