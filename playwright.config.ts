import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './e2e/chromium';

// Decided once in the main process; workers inherit the environment. Two servers over the same production build:
// the normal one, and one whose projector waits 1.5 s per batch (to see eventual consistency, and stale tabs).
const stamp = `${Date.now()}-${process.pid}`;
process.env.E2E_PORT ??= '3210';
process.env.E2E_DELAYED_PORT ??= '3211';
process.env.E2E_NAMESPACE ??= `e2e-${stamp}`;
process.env.E2E_DELAYED_NAMESPACE ??= `e2e-delayed-${stamp}`;
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'orderly-e2e-'));
process.env.E2E_DELAYED_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'orderly-e2e-delayed-'));
export const STAFF = 'staff-e2e';

const server = (port: string, namespace: string, dataDir: string, extra: Record<string, string> = {}) => ({
  // The production build (npm test builds first), over a fresh data dir and a Redis namespace of its own, both
  // removed by e2e/server.ts once the app has stopped.
  command: 'node --import tsx e2e/server.ts',
  gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
  url: `http://localhost:${port}/api/health`,
  timeout: 120_000,
  reuseExistingServer: false,
  stdout: 'pipe' as const,
  env: {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: port,
    DATA_DIR: dataDir,
    REDIS_NAMESPACE: namespace,
    STAFF_USERS: STAFF,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    // The browser signs in from 127.0.0.1 for every test: the per-address budget is tested in lib/web.
    SIGNIN_ATTEMPTS_PER_ADDRESS: '1000000',
    ...extra,
  },
});

const chromium = { browserName: 'chromium' as const, launchOptions: chromiumLaunch };

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  use: { trace: 'retain-on-failure', locale: 'en-US', timezoneId: 'UTC' },
  projects: [
    {
      name: 'chromium',
      testIgnore: /\.delayed\.spec\.ts$/,
      use: { ...chromium, baseURL: `http://localhost:${process.env.E2E_PORT}` },
    },
    {
      name: 'delayed projector',
      testMatch: /\.delayed\.spec\.ts$/,
      use: { ...chromium, baseURL: `http://localhost:${process.env.E2E_DELAYED_PORT}` },
    },
  ],
  webServer: [
    server(process.env.E2E_PORT, process.env.E2E_NAMESPACE, process.env.E2E_DATA_DIR),
    server(process.env.E2E_DELAYED_PORT, process.env.E2E_DELAYED_NAMESPACE, process.env.E2E_DELAYED_DATA_DIR, {
      PROJECTION_DELAY_MS: '1500',
    }),
  ],
});
