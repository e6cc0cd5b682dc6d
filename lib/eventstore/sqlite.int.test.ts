import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteAccountStore } from '../accounts/sqlite-store';
import { eventStoreContract } from './contract';
import { InvalidArgumentError } from './errors';
import { openSqliteStore } from './sqlite';
import { openSqliteStoreForTest } from './testing';

eventStoreContract('sqlite', openSqliteStoreForTest);

describe('the embedded store', () => {
  it('refuses a synchronous setting it does not know instead of opening with a weaker one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orderly-sync-'));
    try {
      for (const synchronous of ['off', 'FULL', '', 'extra']) {
        const path = join(dir, `${synchronous || 'empty'}.sqlite`);
        expect(() => openSqliteStore({ sqlitePath: path, synchronous: synchronous as never })).toThrow(
          InvalidArgumentError,
        );
        expect(() => new SqliteAccountStore(path, synchronous as never)).toThrow(
          /synchronous must be 'full' or 'normal'/,
        );
        expect(existsSync(path)).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('clamps, once, the times an earlier release recorded out of log order, and drops the snapshots they touch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orderly-clamp-'));
    const path = join(dir, 'events.sqlite');
    try {
      const store = openSqliteStore({ sqlitePath: path });
      await store.append('order-1', [{ type: 'A', data: 1 }], { expectedVersion: 0 });
      await store.append('order-1', [{ type: 'B', data: 2 }], { expectedVersion: 1 });
      await store.append('order-2', [{ type: 'C', data: 3 }], { expectedVersion: 0 });
      await store.close();
      // As an earlier release left it: event 2 recorded an hour before event 1 (its clock stepped back).
      const t1 = '2026-06-01T12:00:00.000Z';
      const old = new Database(path);
      old.prepare('UPDATE events SET recorded_at = ? WHERE position = 1').run(t1);
      old.prepare('UPDATE events SET recorded_at = ? WHERE position = 2').run('2026-06-01T11:00:00.000Z');
      old.prepare('UPDATE events SET recorded_at = ? WHERE position = 3').run('2026-06-01T12:30:00.000Z');
      const snap = old.prepare('INSERT INTO snapshots VALUES (?, ?, 1, ?, ?)');
      snap.run('order-1', 2, '2026-06-01T11:00:00.000Z', '{}');
      snap.run('order-2', 1, '2026-06-01T12:30:00.000Z', '{}');
      old.pragma('user_version = 0');
      old.close();

      const reopened = openSqliteStore({ sqlitePath: path });
      expect((await reopened.readAll()).map((e) => e.recordedAt)).toEqual([t1, t1, '2026-06-01T12:30:00.000Z']);
      expect(await reopened.loadSnapshot('order-1')).toBeNull();
      expect(await reopened.loadSnapshot('order-2')).toMatchObject({ version: 1 });
      await reopened.close();
      const check = new Database(path);
      expect(check.pragma('user_version', { simple: true })).toBe(1);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
