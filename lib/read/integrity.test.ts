// A damaged read-model file at start: moved aside (not deleted), said so in the log, and a new one opens; a sound
// file is left alone.
import { existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDb } from '../../db/client';
import { checkReadModelFile } from './integrity';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A read model with some rows, closed (checkpointed into the main file). Returns its path and page size. */
function readModelFile(): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-integrity-'));
  dirs.push(dir);
  const path = join(dir, 'app.sqlite');
  const db = openAppDb(path);
  const insert = db.$client.prepare(
    `INSERT INTO order_activity (position, event_id, order_id, type, version, actor, recorded_at, summary)
     VALUES (?, ?, 'order-1', 'ItemAdded', ?, 'ann', '2026-01-01T00:00:00.000Z', ?)`,
  );
  for (let i = 1; i <= 2000; i++) insert.run(i, `event-${i}`, i, `row ${i} ${'x'.repeat(100)}`);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  return { path, dir };
}

/** Overwrites page `page` (1-based) of the file with garbage. */
function damagePage(path: string, page: number, pageSize = 4096) {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
}

function capture() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe('the read-model file at start', () => {
  it('is left alone when sound', async () => {
    const { path } = readModelFile();
    const { log, lines } = capture();
    expect(await checkReadModelFile(path, log)).toEqual({ outcome: 'ok' });
    expect(existsSync(path)).toBe(true);
    expect(lines).toEqual([]);
  });

  it('is moved aside and reported when a page in the middle is damaged (a B-tree page of a table)', async () => {
    const { path, dir } = readModelFile();
    const probe = openAppDb(path).$client;
    const { rootpage } = probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'order_activity'").get() as {
      rootpage: number;
    };
    const pages = probe.pragma('page_count', { simple: true }) as number;
    probe.close();
    expect(rootpage).toBeGreaterThan(1);
    expect(rootpage).toBeLessThan(pages); // mid-file
    damagePage(path, rootpage);
    const { log, lines } = capture();
    const r = await checkReadModelFile(path, log);
    expect(r.outcome).toBe('moved');
    expect(existsSync(path)).toBe(false);
    const kept = readdirSync(dir).filter((f) => f.startsWith('app.sqlite.corrupt-'));
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(lines.find((l) => l.level === 50)?.msg).toMatch(
      /is damaged [\s\S]* moved aside to [\s\S]*rebuilding it from the log/,
    );
    // A new, empty read model opens in its place.
    const fresh = openAppDb(path);
    expect(fresh.$client.prepare('SELECT count(*) AS n FROM order_activity').get()).toEqual({ n: 0 });
    fresh.$client.close();
  });

  it('is moved aside when its header is damaged ("file is not a database")', async () => {
    const { path } = readModelFile();
    damagePage(path, 1, 100);
    const { log } = capture();
    const r = await checkReadModelFile(path, log);
    expect(r).toMatchObject({ outcome: 'moved', reason: expect.stringMatching(/not a database/) });
  });

  it('is opened unchecked, with a warning, when the check takes longer than allowed', async () => {
    const { path } = readModelFile();
    const { log, lines } = capture();
    const r = await checkReadModelFile(path, log, { timeoutMs: 0 });
    expect(r.outcome).toBe('skipped');
    expect(existsSync(path)).toBe(true);
    expect(lines[0]?.msg).toMatch(/integrity not checked/);
  });
});
