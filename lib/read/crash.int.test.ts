// A projector process killed with SIGKILL at random points while catching up on 20,000 events: after a final
// restart the read model equals a clean rebuild, and no event was applied twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppDb } from '../../db/client';
import { openRedisStoreForTest, testRedisUrl } from '../eventstore/testing';
import { orderStream } from '../orders/events';
import { readCheckpoint } from './checkpoints';
import { PROJECTIONS } from './projections';
import { cleanRebuildDump, dumpTables, orderHistory, READ_MODEL_TABLES, rng, settled } from './testing';

const EVENTS = 20_000;
const KILLS = 10;

describe('a projector killed with SIGKILL again and again', () => {
  it(`ends with the same read model as a clean rebuild, after ${KILLS} kills while catching up on ${EVENTS} events`, async () => {
    const { store, destroy } = await openRedisStoreForTest();
    const dir = mkdtempSync(join(tmpdir(), 'orderly-crash-'));
    const db = openAppDb(join(dir, 'app.sqlite'));
    const children: ChildProcess[] = [];
    try {
      const random = rng(2026);
      while ((await store.headPosition()) < EVENTS) {
        const orderId = randomUUID();
        await store.append(orderStream(orderId), orderHistory(orderId, random() < 0.5 ? 'ann' : 'bob', random), {
          expectedVersion: 0,
        });
      }
      const head = await store.headPosition();

      const start = () => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/projector.ts'], {
          env: {
            ...process.env,
            DATA_DIR: dir,
            EVENT_STORE: 'redis',
            REDIS_URL: testRedisUrl(),
            REDIS_NAMESPACE: (store as { namespace?: string }).namespace,
            PROJECTOR_LEASE_TTL_MS: '400',
            PROJECTOR_MAX_BATCH: '10',
            LOG_FORMAT: 'json',
            LOG_LEVEL: 'warn',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        children.push(child);
        return child;
      };
      const exited = (child: ChildProcess) =>
        new Promise<void>((resolve) =>
          child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
        );
      const progress = () => Math.min(...PROJECTIONS.map((p) => readCheckpoint(db, p.name)));

      const killedAt: number[] = [];
      for (let k = 0; k < KILLS; k++) {
        const before = progress();
        const child = start();
        // Kill it once it has committed something, at a random moment after that.
        while (progress() === before && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, Math.floor(random() * 150)));
        child.kill('SIGKILL');
        await exited(child);
        killedAt.push(progress());
      }
      expect(killedAt.filter((p) => p > 0 && p < head).length, `checkpoints at the kills: ${killedAt}`).toBe(KILLS);

      const last = start();
      await settled(db, store, undefined, 120_000);
      last.kill('SIGTERM');
      await exited(last);

      const live = dumpTables(db, READ_MODEL_TABLES);
      expect(live.order_activity).toHaveLength(head); // one row per event: none applied twice, none missed
      expect(live).toEqual(await cleanRebuildDump(store));
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      db.$client.close();
      await destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
