// Rebuilds beside a running app: while another process commits into the same read-model file without pause (a
// standalone projector applying a stream of commands), rebuilds from the library, the CLI and the staff button all
// finish, and the read model then equals a clean rebuild.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDb } from '../../db/client';
import { openRedisStore } from '../eventstore/redis';
import { testRedisUrl } from '../eventstore/testing';
import { type AppServer, Client, startAppServer } from '../testing/app-server';
import { RebuildRunningError, rebuildProjections } from './rebuild';
import { cleanRebuildDump, dumpTables, READ_MODEL_TABLES, settled } from './testing';

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ PROJECTOR: 'off' }, { until: 'listening' });
  app.spawnWithSameConfig('scripts/projector.ts');
  for (let i = 0; i < 300 && !(await fetch(`${app.url}/api/health`)).ok; i++)
    await new Promise((r) => setTimeout(r, 100));
}, 120_000);
afterAll(() => app.stop());

describe('rebuilds while another process commits into the read model without pause', () => {
  it('10 of 10 finish (library, CLI, staff button) and the read model equals a clean rebuild', async () => {
    const shopper = await new Client(app.url).signUpAndIn(`r-${randomUUID().slice(0, 6)}`);
    const staff = await new Client(app.url).signUpAndIn('staff-sam');
    let writing = true;
    let commands = 0;
    const writer = (async () => {
      while (writing) {
        const r = await shopper.call('POST', '/api/orders', {
          items: [{ productId: 'mug', quantity: 1 + (commands % 5) }],
        });
        if (r.status === 201) commands++;
      }
    })();
    const store = await openRedisStore({ redisUrl: testRedisUrl(), namespace: app.namespace });
    const db = openAppDb(join(app.dataDir, 'app.sqlite'));
    const outcomes: string[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        // The library, in this process.
        const r = await rebuildProjections(db, store);
        outcomes.push(`library ${r.events > 0 ? 'done' : 'empty'}`);
        // The CLI, in a process of its own.
        const cli = spawn(process.execPath, ['--import', 'tsx', 'scripts/projections-rebuild.ts'], {
          env: { ...process.env, ...app.env },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        cli.stderr.on('data', (d) => {
          stderr += String(d);
        });
        const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
        outcomes.push(code === 0 ? 'cli done' : `cli exited ${code}: ${stderr.slice(0, 400)}`);
        // The staff button, in the web server (its projector is the other process).
        expect((await staff.call('POST', '/api/admin/rebuild')).status).toBe(202);
        let phase = 'replaying';
        for (let i = 0; i < 600 && (phase === 'replaying' || phase === 'swapping'); i++) {
          await new Promise((res) => setTimeout(res, 50));
          phase = ((await staff.call('GET', '/api/admin/rebuild')).json.rebuild as { phase: string }).phase;
        }
        outcomes.push(`staff button ${phase}`);
      }
      outcomes.push(`library ${(await rebuildProjections(db, store)).events > 0 ? 'done' : 'empty'}`);
      expect(outcomes).toEqual([
        'library done',
        'cli done',
        'staff button done',
        'library done',
        'cli done',
        'staff button done',
        'library done',
        'cli done',
        'staff button done',
        'library done',
      ]);
      expect(commands).toBeGreaterThan(10);
      writing = false;
      await writer;
      await settled(db, store, undefined, 60_000);
      expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
    } finally {
      writing = false;
      await writer;
      db.$client.close();
      await store.close();
    }
  }, 240_000);

  it('runs one rebuild of a file at a time: a second (here, another connection, the staff button) is refused', async () => {
    const staff = await new Client(app.url).signUpAndIn(`staff-sam`).catch(async () => {
      const c = new Client(app.url);
      await c.call('POST', '/api/session', { username: 'staff-sam', password: 'correct horse battery' });
      return c;
    });
    const store = await openRedisStore({ redisUrl: testRedisUrl(), namespace: app.namespace });
    const one = openAppDb(join(app.dataDir, 'app.sqlite'));
    const two = openAppDb(join(app.dataDir, 'app.sqlite'));
    try {
      let button: number | undefined;
      const first = rebuildProjections(one, store, undefined, {
        // While the first holds the file, the others try (the barrier: it waits for their answers before the swap).
        beforeSwap: async () => {
          await expect(rebuildProjections(two, store)).rejects.toBeInstanceOf(RebuildRunningError);
          button = (await staff.call('POST', '/api/admin/rebuild')).status;
        },
      });
      const r = await first;
      expect(r.events).toBeGreaterThan(0);
      expect(button).toBe(409);
      // Free again once it finished.
      expect((await rebuildProjections(two, store)).events).toBeGreaterThan(0);
      await settled(two, store, undefined, 60_000);
      expect(dumpTables(two, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
    } finally {
      one.$client.close();
      two.$client.close();
      await store.close();
    }
  }, 120_000);
});
