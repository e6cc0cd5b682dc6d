// Test helpers: account stores over a Redis namespace or a SQLite file of their own, removed afterwards.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { deleteNamespace, testRedisUrl } from '../eventstore/testing';
import type { TestAccountStore } from './contract';
import { RedisAccountStore } from './redis-store';
import { SqliteAccountStore } from './sqlite-store';
import type { AccountStore } from './store';

export async function openRedisAccountStoreForTest(): Promise<TestAccountStore> {
  const namespace = `test:${randomUUID()}`;
  const clients: Redis[] = [];
  const open = (): AccountStore => {
    const client = new Redis(testRedisUrl());
    clients.push(client);
    return new RedisAccountStore(client, namespace);
  };
  return {
    store: open(),
    other: async () => open(),
    destroy: async () => {
      await deleteNamespace(clients[0]!, namespace);
      for (const c of clients) c.disconnect();
    },
  };
}

export async function openSqliteAccountStoreForTest(): Promise<TestAccountStore> {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-accounts-'));
  const stores: AccountStore[] = [];
  const open = () => {
    const s = new SqliteAccountStore(join(dir, 'events.sqlite'));
    stores.push(s);
    return s;
  };
  return {
    store: open(),
    other: async () => open(),
    destroy: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
