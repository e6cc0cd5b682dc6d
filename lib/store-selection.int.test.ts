import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountStore } from './accounts/store';
import { isRedisStore } from './eventstore/redis';
import { deleteNamespace, testRedisUrl } from './eventstore/testing';
import type { EventStore } from './eventstore/types';
import { openStoreOfRecord } from './store-selection';
import { freePort } from './testing/redis-server';

const dirs: string[] = [];
const stores: EventStore[] = [];
const accounts: AccountStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) {
    // The store claimed its namespace on the shared Redis (its layout key): leave nothing behind.
    if (isRedisStore(s)) await deleteNamespace(s.client, s.namespace);
    await s.close();
  }
  for (const a of accounts.splice(0)) await a.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(env: { EVENT_STORE?: 'auto' | 'redis' | 'sqlite'; REDIS_URL?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-cfg-'));
  dirs.push(dir);
  const warnings: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
  const full = {
    EVENT_STORE: env.EVENT_STORE ?? 'auto',
    EVENT_STORE_SYNC: 'normal',
    REDIS_URL: env.REDIS_URL,
    REDIS_NAMESPACE: `cfg-test-${process.pid}-${Date.now()}`,
    eventStorePath: join(dir, 'events.sqlite'),
  } as const;
  return { env: full, log, warnings };
}

describe('choosing the event store at start', () => {
  it('uses the embedded store when nothing is configured and no Redis answers at the default address', async () => {
    const { env, log } = setup({});
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const { store, accounts: a, description } = await openStoreOfRecord(env, log, nobody);
    accounts.push(a);
    stores.push(store);
    expect(store.kind).toBe('sqlite');
    expect(description).toContain(`no Redis answered at ${nobody}`);
    expect(description).toContain(env.eventStorePath);
  });

  it('uses Redis when it answers at the default address, and warns when Redis keeps nothing on disk', async () => {
    const { env, log, warnings } = setup({});
    const { store, accounts: a } = await openStoreOfRecord(env, log, testRedisUrl());
    accounts.push(a);
    stores.push(store);
    expect(store.kind).toBe('redis');
    // The shared Redis of these machines runs without persistence; a durable one would give no warning.
    const durable = await (store as import('./eventstore/redis').RedisEventStore).persistence();
    expect(warnings.some((w) => w.includes('does not persist events'))).toBe(!durable.durable);
  });

  it('fails fast when REDIS_URL is set and nothing answers there', async () => {
    const { env, log } = setup({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    await expect(openStoreOfRecord(env, log)).rejects.toThrow(/Redis did not answer at .*REDIS_URL/);
  });

  it('fails fast when EVENT_STORE=redis and nothing answers at the default address', async () => {
    const { env, log } = setup({ EVENT_STORE: 'redis' });
    await expect(openStoreOfRecord(env, log, `redis://127.0.0.1:${await freePort()}`)).rejects.toThrow(
      /Redis did not answer/,
    );
  });

  it('uses the embedded store when EVENT_STORE=sqlite, even with REDIS_URL set', async () => {
    const { env, log } = setup({ EVENT_STORE: 'sqlite', REDIS_URL: testRedisUrl() });
    const { store, accounts: a } = await openStoreOfRecord(env, log);
    accounts.push(a);
    stores.push(store);
    expect(store.kind).toBe('sqlite');
  });

  it("makes the embedded store's directory when it does not exist yet (a fresh DATA_DIR)", async () => {
    const { env, log } = setup({ EVENT_STORE: 'sqlite' });
    const fresh = { ...env, eventStorePath: join(env.eventStorePath, '..', 'not', 'yet', 'events.sqlite') };
    const { store, accounts: a } = await openStoreOfRecord(fresh, log);
    accounts.push(a);
    stores.push(store);
    expect(store.kind).toBe('sqlite');
    expect(await store.headPosition()).toBe(0);
  });
});
