import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Decided once in the main process; workers inherit the environment.
process.env.E2E_PORT ??= '3210';
process.env.E2E_NAMESPACE ??= `e2e-${Date.now()}-${process.pid}`;
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'orderly-e2e-'));
const port = Number(process.env.E2E_PORT);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  globalTeardown: './e2e/teardown.ts',
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // The production build (npm test builds first), over a fresh data dir and a Redis namespace of this run's own.
    command: 'node --import tsx lib/server.ts',
    url: `http://localhost:${port}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      REDIS_NAMESPACE: process.env.E2E_NAMESPACE,
      LOG_FORMAT: 'json',
    },
  },
});
