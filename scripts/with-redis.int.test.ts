// The test run's promise: a Redis is always there, or the run fails saying how to get one; never a silent skip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../lib/testing/redis-server';

const script = join(import.meta.dirname, 'with-redis.ts');
const run = (env: NodeJS.ProcessEnv, ...command: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...command], { env, encoding: 'utf8', timeout: 30_000 });

describe('with-redis', () => {
  it('starts a throwaway redis-server when none answers at REDIS_URL, and hands its URL to the command', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const r = run(
      { ...process.env, REDIS_URL: nobody },
      'sh',
      '-c',
      'echo "$REDIS_URL"; redis-cli -u "$REDIS_URL" ping',
    );
    expect(r.status).toBe(0);
    const [url, pong] = r.stdout.trim().split('\n');
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toBe(nobody);
    expect(pong).toBe('PONG');
    expect(r.stderr).toContain('started a throwaway redis-server');
  });

  it('fails, saying how to install Redis, when none answers and redis-server is not installed', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'orderly-bin-'));
    try {
      symlinkSync(process.execPath, join(bin, 'node'));
      const r = run({ ...process.env, PATH: bin, REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, 'true');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('apt-get install -y redis-server');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('passes the exit code of the command through', () => {
    expect(run(process.env, 'sh', '-c', 'exit 3').status).toBe(3);
  });
});
