import { defineConfig } from '@playwright/test';

// E2E_PORT_BASE moves all three servers (main, embedded, lifecycle) so two checkouts can run at once.
const PORT_BASE = Number(process.env.E2E_PORT_BASE) || 3100;
const MAIN_PORT = PORT_BASE;
const EMBEDDED_PORT = PORT_BASE + 1;
// localhost, not 127.0.0.1: next-auth's redirects name the host it is called by (see NOTES.md).
const main = `http://localhost:${MAIN_PORT}`;
const embedded = `http://localhost:${EMBEDDED_PORT}`;

// Specs work in accounts of their own, so two run side by side (one Next server, two Chromiums on 2 cores).
// E2E_WORKERS overrides it. Tests tagged @clock move the main server's clock: they run last, one at a time.
const WORKERS = Number(process.env.E2E_WORKERS) || 2;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: WORKERS,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  // Two Next servers and Chromium share 2 cores: a long flow can take 30 s when the machine is busy.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      // The engine the run is about: PostgreSQL when DATABASE_URL is set, else PGlite.
      command: `node tests/e2e/fixtures/server.mjs ${MAIN_PORT}`,
      url: `${main}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      // Always the embedded default, on a fresh data folder.
      command: `node tests/e2e/fixtures/server.mjs ${EMBEDDED_PORT} --embedded`,
      url: `${embedded}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
  projects: [
    { name: 'first-run', testMatch: /first-run\.spec\.ts/, use: { baseURL: main } },
    {
      name: 'main',
      testIgnore: [/first-run\.spec\.ts/, /embedded\.spec\.ts/, /lifecycle\.spec\.ts/],
      grepInvert: /@clock/,
      dependencies: ['first-run'],
      use: { baseURL: main },
    },
    {
      // The server's clock is one per process (lib/clock.ts): a test that moves it runs when nothing else
      // uses the main server.
      name: 'clock',
      testIgnore: [/first-run\.spec\.ts/, /embedded\.spec\.ts/, /lifecycle\.spec\.ts/],
      grep: /@clock/,
      dependencies: ['main'],
      workers: 1,
      use: { baseURL: main },
    },
    { name: 'embedded', testMatch: /embedded\.spec\.ts/, use: { baseURL: embedded } },
    // Starts and stops server processes of its own.
    { name: 'lifecycle', testMatch: /lifecycle\.spec\.ts/ },
  ],
});
